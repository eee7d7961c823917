package dev.osiris.agent.time;

import java.time.Instant;

/** NTP's 64-bit timestamp: unsigned seconds since 1900-01-01 (era 0) in the high half, a binary fraction in the low. */
final class NtpTimestamp {

    /** Seconds from 1900-01-01 to 1970-01-01. */
    private static final long EPOCH_1900 = 2_208_988_800L;

    private NtpTimestamp() {
    }

    static long of(Instant t) {
        long seconds = t.getEpochSecond() + EPOCH_1900;
        long fraction = (t.getNano() * (1L << 32)) / 1_000_000_000L;
        return (seconds << 32) | (fraction & 0xFFFF_FFFFL);
    }

    /** Era 0 only (until 2036), as the servers this appliance asks answer today. */
    static Instant toInstant(long ntp) {
        long seconds = (ntp >>> 32) - EPOCH_1900;
        long nanos = ((ntp & 0xFFFF_FFFFL) * 1_000_000_000L) >>> 32;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** {@code b - a} in seconds, with the nanosecond resolution of the timestamps. */
    static double seconds(Instant a, Instant b) {
        return (b.getEpochSecond() - a.getEpochSecond()) + (b.getNano() - a.getNano()) / 1e9;
    }
}
