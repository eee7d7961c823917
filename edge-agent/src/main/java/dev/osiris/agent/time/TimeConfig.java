package dev.osiris.agent.time;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;

/**
 * The appliance's own clock check. YAML section {@code time:}; without it the clock is not checked (and evidence is
 * not marked).
 *
 * @param servers   NTP servers to ask, three or more (so that one falseticker is outvoted)
 * @param interval  how often to check
 * @param timeout   how long to wait for each server's answer (one request, no retry within a check)
 * @param maxOffset the largest offset from the servers' agreed time at which the clock is still trusted
 */
public record TimeConfig(List<NtpServer> servers, Duration interval, Duration timeout, Duration maxOffset) {

    public static final int MIN_SERVERS = 3;
    public static final TimeConfig OFF = new TimeConfig(List.of(), Duration.ofMinutes(15), Duration.ofSeconds(2),
            Duration.ofSeconds(1));

    /** @throws IllegalArgumentException with the key's path ({@code time.}...) */
    public TimeConfig {
        servers = servers == null ? List.of() : List.copyOf(servers);
        if (!servers.isEmpty() && servers.size() < MIN_SERVERS) {
            throw new IllegalArgumentException("time.servers: needs at least " + MIN_SERVERS
                    + " servers, so that a falseticker is outvoted; got " + servers.size());
        }
        if (servers.size() > 16) {
            throw new IllegalArgumentException("time.servers: at most 16, got " + servers.size());
        }
        if (new HashSet<>(servers).size() != servers.size()) {
            throw new IllegalArgumentException("time.servers: a server is listed twice");
        }
        if (interval == null || interval.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("time.interval: must be at least 10s");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException("time.timeout: must be more than 0 and at most 30s");
        }
        if (maxOffset == null || maxOffset.isNegative() || maxOffset.isZero()) {
            throw new IllegalArgumentException("time.maxOffset: must be a positive duration");
        }
    }

    public boolean enabled() {
        return !servers.isEmpty();
    }
}
