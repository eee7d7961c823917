package dev.osiris.relay.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How the relay's HTTP edge holds against slow, many and large requests, validated once on construction.
 *
 * @param bodyBytesInFlight       memory all request bodies being read or handled may take together, across every
 *                                connection; a body that would pass it is refused 503 with {@code Retry-After}
 * @param headerTimeout           a request's headers must be complete this long after the connection opened or the
 *                                previous response ended; else the connection is closed
 * @param bodyTimeout             a request's body must be complete this long after the relay started reading it;
 *                                else 408 and the connection is closed
 * @param idleTimeout             a connection with no bytes in either direction for this long is closed
 * @param maxConnectionsPerSource open connections one source address may hold; one more is closed at once
 * @param maxCheckinsInFlight     check-ins the relay works on at once (from authentication to answer); one more is
 *                                answered 503 with {@code Retry-After} at once instead of queueing until it times out
 * @param retryAfter              what that 503 asks for: each refusal names between this and twice this, so that a
 *                                herd refused together does not return together
 * @param maxCheckinQueue         longest a check-in whose body has arrived may wait (for its turn at the database,
 *                                behind the others) before it is answered 503 with {@code Retry-After}, never run;
 *                                the in-flight bound caps the number waiting, this their wait
 */
public record HttpEdgeConfig(long bodyBytesInFlight, Duration headerTimeout, Duration bodyTimeout,
                             Duration idleTimeout, int maxConnectionsPerSource, int maxCheckinsInFlight,
                             Duration retryAfter, Duration maxCheckinQueue) {

    public static final int DEFAULT_MAX_CHECKINS_IN_FLIGHT = 1024;
    /** Well inside the agent's request timeout: an answer the appliance no longer waits for is work wasted. */
    public static final Duration DEFAULT_MAX_CHECKIN_QUEUE = Duration.ofSeconds(2);
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    public static final long DEFAULT_BODY_BYTES_IN_FLIGHT = 64L * 1024 * 1024;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONNECTIONS_PER_SOURCE = 64;
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    public HttpEdgeConfig {
        Objects.requireNonNull(headerTimeout, "relay.http.headerTimeout is required");
        Objects.requireNonNull(bodyTimeout, "relay.http.bodyTimeout is required");
        Objects.requireNonNull(idleTimeout, "relay.http.idleTimeout is required");
        if (bodyBytesInFlight < 1024 * 1024 || bodyBytesInFlight > 64L * 1024 * 1024 * 1024) {
            throw new IllegalArgumentException("relay.http.bodyBytesInFlight must be between 1 MiB and 64 GiB, got "
                    + bodyBytesInFlight);
        }
        requireTimeout("relay.http.headerTimeout", headerTimeout);
        requireTimeout("relay.http.bodyTimeout", bodyTimeout);
        requireTimeout("relay.http.idleTimeout", idleTimeout);
        if (maxConnectionsPerSource < 1 || maxConnectionsPerSource > 100_000) {
            throw new IllegalArgumentException("relay.http.maxConnectionsPerSource must be between 1 and 100000, got "
                    + maxConnectionsPerSource);
        }
        if (maxCheckinsInFlight < 1 || maxCheckinsInFlight > 1_000_000) {
            throw new IllegalArgumentException("relay.http.maxCheckinsInFlight must be between 1 and 1000000, got "
                    + maxCheckinsInFlight);
        }
        Objects.requireNonNull(retryAfter, "relay.http.retryAfter is required");
        if (retryAfter.toSeconds() < 1 || retryAfter.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("relay.http.retryAfter must be between 1 s and 10 min, got " + retryAfter);
        }
        Objects.requireNonNull(maxCheckinQueue, "relay.http.maxCheckinQueue is required");
        if (maxCheckinQueue.toMillis() < 1 || maxCheckinQueue.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("relay.http.maxCheckinQueue must be between 1 ms and 10 min, got "
                    + maxCheckinQueue);
        }
    }

    /** Without a queue-time bound given: {@link #DEFAULT_MAX_CHECKIN_QUEUE}. */
    public HttpEdgeConfig(long bodyBytesInFlight, Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout,
                          int maxConnectionsPerSource, int maxCheckinsInFlight, Duration retryAfter) {
        this(bodyBytesInFlight, headerTimeout, bodyTimeout, idleTimeout, maxConnectionsPerSource, maxCheckinsInFlight,
                retryAfter, DEFAULT_MAX_CHECKIN_QUEUE);
    }

    /** As before check-ins had a bound: that bound and Retry-After at their defaults. */
    public HttpEdgeConfig(long bodyBytesInFlight, Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout,
                          int maxConnectionsPerSource) {
        this(bodyBytesInFlight, headerTimeout, bodyTimeout, idleTimeout, maxConnectionsPerSource,
                DEFAULT_MAX_CHECKINS_IN_FLIGHT, DEFAULT_RETRY_AFTER);
    }

    /**
     * 64 MiB of bodies in flight, 10 s for headers, 30 s for a body, 60 s idle, 64 connections per source, 1024
     * check-ins in flight, Retry-After 5 to 10 s.
     */
    public static HttpEdgeConfig defaults() {
        return new HttpEdgeConfig(DEFAULT_BODY_BYTES_IN_FLIGHT, DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT,
                DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS_PER_SOURCE);
    }

    public HttpEdgeConfig withBodyBytesInFlight(long bytes) {
        return new HttpEdgeConfig(bytes, headerTimeout, bodyTimeout, idleTimeout, maxConnectionsPerSource,
                maxCheckinsInFlight, retryAfter, maxCheckinQueue);
    }

    public HttpEdgeConfig withTimeouts(Duration header, Duration body, Duration idle) {
        return new HttpEdgeConfig(bodyBytesInFlight, header, body, idle, maxConnectionsPerSource, maxCheckinsInFlight,
                retryAfter, maxCheckinQueue);
    }

    public HttpEdgeConfig withMaxConnectionsPerSource(int max) {
        return new HttpEdgeConfig(bodyBytesInFlight, headerTimeout, bodyTimeout, idleTimeout, max,
                maxCheckinsInFlight, retryAfter, maxCheckinQueue);
    }

    public HttpEdgeConfig withCheckinBound(int maxInFlight, Duration retry) {
        return new HttpEdgeConfig(bodyBytesInFlight, headerTimeout, bodyTimeout, idleTimeout, maxConnectionsPerSource,
                maxInFlight, retry, maxCheckinQueue);
    }

    public HttpEdgeConfig withMaxCheckinQueue(Duration maxQueue) {
        return new HttpEdgeConfig(bodyBytesInFlight, headerTimeout, bodyTimeout, idleTimeout, maxConnectionsPerSource,
                maxCheckinsInFlight, retryAfter, maxQueue);
    }

    private static void requireTimeout(String path, Duration timeout) {
        if (timeout.compareTo(Duration.ofMillis(100)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(path + " must be between 100 ms and 10 min, got " + timeout);
        }
    }
}
