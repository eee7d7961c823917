package dev.osiris.agent.time;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builds NTP server answers byte by byte for tests: good ones, and each kind of bad one. */
final class NtpAnswers {

    private NtpAnswers() {
    }

    /** A version 4 server answer at stratum 2, echoing {@code origin}, with the server's clock {@code ahead} seconds on. */
    static byte[] answer(long origin, Instant receivedAt, double ahead) {
        return packet(0, 4, 4, 2, 0, origin, receivedAt.plusNanos((long) (ahead * 1e9)),
                receivedAt.plusNanos((long) (ahead * 1e9) + 50_000));
    }

    static byte[] kissOfDeath(long origin, String code) {
        byte[] p = packet(3, 4, 4, 0, ByteBuffer.wrap(code.getBytes(StandardCharsets.US_ASCII)).getInt(), origin, null, null);
        return p;
    }

    static byte[] packet(int leap, int version, int mode, int stratum, int refId, long origin, Instant receive,
                         Instant transmit) {
        ByteBuffer b = ByteBuffer.allocate(NtpPacket.LENGTH);
        b.put(0, (byte) (leap << 6 | version << 3 | mode));
        b.put(1, (byte) stratum);
        b.putInt(4, 0x0000_0100); // root delay ~3.9 ms
        b.putInt(8, 0x0000_0080); // root dispersion ~2 ms
        b.putInt(12, refId);
        b.putLong(24, origin);
        b.putLong(32, receive == null ? 0 : NtpTimestamp.of(receive));
        b.putLong(40, transmit == null ? 0 : NtpTimestamp.of(transmit));
        return b.array();
    }
}
