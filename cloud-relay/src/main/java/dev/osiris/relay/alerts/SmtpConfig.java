package dev.osiris.relay.alerts;

import dev.osiris.protocol.checkin.Secret;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the relay mails alerts, validated on construction. The password is a {@link Secret}: it comes from the
 * environment or a file, never from the command line, and never shows in a log or a {@code toString}.
 *
 * @param host             SMTP server
 * @param port             SMTP port
 * @param from             sender address
 * @param starttls         require STARTTLS (TLS 1.2 or 1.3) before authenticating or sending; false: plain SMTP,
 *                         for a relay on the same host or a test server only
 * @param username         SMTP login, if the server needs one
 * @param password         SMTP password, with {@code username}
 * @param defaultRecipient who gets alerts of sites without their own address; none: such alerts are not queued
 * @param timeout          limit for connecting and for one whole send
 * @param pollInterval     how often the outbox is looked at
 * @param retryBase        first retry delay after a failed send; doubles per attempt up to {@link #MAX_RETRY}
 */
public record SmtpConfig(String host, int port, String from, boolean starttls, Optional<String> username,
                         Optional<Secret> password, Optional<String> defaultRecipient, Duration timeout,
                         Duration pollInterval, Duration retryBase) {

    public static final Duration MAX_RETRY = Duration.ofMinutes(15);

    public SmtpConfig {
        Objects.requireNonNull(username, "relay.smtp.username must be an Optional");
        Objects.requireNonNull(password, "relay.smtp.password must be an Optional");
        Objects.requireNonNull(defaultRecipient, "relay.smtp.defaultRecipient must be an Optional");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("relay.smtp.host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("relay.smtp.port must be between 1 and 65535, got " + port);
        }
        if (from == null || !from.contains("@")) {
            throw new IllegalArgumentException("relay.smtp.from must be an e-mail address");
        }
        if (username.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException("relay.smtp.username and relay.smtp.password must be given together");
        }
        if (password.isPresent() && !starttls) {
            throw new IllegalArgumentException("relay.smtp.password needs starttls: it is never sent in the clear");
        }
        defaultRecipient.ifPresent(r -> {
            if (!r.contains("@")) {
                throw new IllegalArgumentException("relay.smtp.defaultRecipient must be an e-mail address");
            }
        });
        requirePositive(timeout, "timeout");
        requirePositive(pollInterval, "pollInterval");
        requirePositive(retryBase, "retryBase");
    }

    /** STARTTLS required, no login, no default recipient, 30 s timeout, polled every 5 s, first retry after 10 s. */
    public static SmtpConfig of(String host, int port, String from) {
        return new SmtpConfig(host, port, from, true, Optional.empty(), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    public SmtpConfig withStarttls(boolean value) {
        return new SmtpConfig(host, port, from, value, username, password, defaultRecipient, timeout, pollInterval,
                retryBase);
    }

    public SmtpConfig withLogin(String user, Secret secret) {
        return new SmtpConfig(host, port, from, starttls, Optional.of(user), Optional.of(secret), defaultRecipient,
                timeout, pollInterval, retryBase);
    }

    public SmtpConfig withDefaultRecipient(String address) {
        return new SmtpConfig(host, port, from, starttls, username, password, Optional.ofNullable(address), timeout,
                pollInterval, retryBase);
    }

    public SmtpConfig withTiming(Duration newTimeout, Duration newPollInterval, Duration newRetryBase) {
        return new SmtpConfig(host, port, from, starttls, username, password, defaultRecipient, newTimeout,
                newPollInterval, newRetryBase);
    }

    /** The delay before attempt {@code attempts + 1}: {@code retryBase * 2^attempts}, at most {@link #MAX_RETRY}. */
    public Duration retryAfter(int attempts) {
        Duration delay = retryBase.multipliedBy(1L << Math.min(attempts, 20));
        return delay.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay;
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("relay.smtp." + name + " must be positive");
        }
    }
}
