package dev.osiris.agent.relay;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} (RFC 9110 section 10.2.3): delay-seconds or an HTTP-date. Plain Java.
 */
final class RetryAfter {

    /**
     * The longest wait honoured: a relay (or a proxy before it) with a wrong clock or a typo must not silence an
     * appliance for days; after this the agent's own backoff applies again.
     */
    static final Duration MAX = Duration.ofHours(6);

    private RetryAfter() {
    }

    /**
     * The wait the header asks for, from {@code now} (a date in the past is no wait), capped at {@link #MAX};
     * empty when the header is absent or in neither form.
     */
    static Optional<Duration> parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        Duration wait;
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // more digits than a long holds is "very long", not unreadable
            wait = value.length() > 9 ? MAX : Duration.ofSeconds(Long.parseLong(value));
        } else {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                wait = at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.of(wait.compareTo(MAX) > 0 ? MAX : wait);
    }
}
