package dev.osiris.agent.time;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The 48-byte NTP header (RFC 5905, figure 8) of a server's answer, decoded strictly. Plain Java.
 *
 * @param leap           leap indicator; 3 = the server's clock is not synchronised
 * @param version        3 or 4
 * @param mode           4 = server
 * @param stratum        0 = kiss-of-death, 1..15 synchronised, 16 unsynchronised
 * @param rootDelay      seconds, to the reference clock
 * @param rootDispersion seconds
 * @param referenceId    the kiss code (stratum 0) or reference
 * @param origin         the client's transmit timestamp echoed back
 * @param receive        when the server received the request (its clock)
 * @param transmit       when the server sent the answer (its clock)
 */
record NtpPacket(int leap, int version, int mode, int stratum, double rootDelay, double rootDispersion,
                 int referenceId, long origin, long receive, long transmit) {

    static final int LENGTH = 48;
    static final int MODE_CLIENT = 3;
    static final int MODE_SERVER = 4;

    /** A version 4 client request whose transmit timestamp the server must echo as the origin. */
    static byte[] request(long transmit) {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.put(0, (byte) (4 << 3 | MODE_CLIENT));
        b.putLong(40, transmit);
        return b.array();
    }

    /** @throws MalformedNtpAnswer saying what is wrong; nothing of such an answer is used */
    static NtpPacket parse(byte[] data) {
        if (data.length < LENGTH) {
            throw new MalformedNtpAnswer(data.length + " bytes, shorter than the " + LENGTH + "-byte NTP header");
        }
        if (data.length > 1024) {
            throw new MalformedNtpAnswer(data.length + " bytes, longer than any NTP answer with extensions");
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        int first = b.get(0) & 0xFF;
        int leap = first >>> 6;
        int version = (first >>> 3) & 7;
        int mode = first & 7;
        if (version < 3 || version > 4) {
            throw new MalformedNtpAnswer("NTP version " + version + ", not 3 or 4");
        }
        if (mode != MODE_SERVER) {
            throw new MalformedNtpAnswer("mode " + mode + ", not a server's answer (4)");
        }
        int stratum = b.get(1) & 0xFF;
        double rootDelay = fixed16(b.getInt(4));
        double rootDispersion = fixed16(b.getInt(8));
        NtpPacket p = new NtpPacket(leap, version, mode, stratum, rootDelay, rootDispersion, b.getInt(12),
                b.getLong(24), b.getLong(32), b.getLong(40));
        if (stratum != 0 && (p.receive == 0 || p.transmit == 0)) {
            throw new MalformedNtpAnswer("a zero receive or transmit timestamp");
        }
        if (rootDelay < 0 || rootDispersion < 0) {
            throw new MalformedNtpAnswer("a negative root delay or dispersion");
        }
        return p;
    }

    boolean isKissOfDeath() {
        return stratum == 0;
    }

    /** The four ASCII letters of a kiss code (RATE, DENY, RSTR, ...), non-printable ones as '?'. */
    String kissCode() {
        byte[] code = ByteBuffer.allocate(4).putInt(referenceId).array();
        for (int i = 0; i < 4; i++) {
            if (code[i] < 0x20 || code[i] > 0x7E) {
                code[i] = '?';
            }
        }
        return new String(code, StandardCharsets.US_ASCII);
    }

    /** Leap indicator 3 or stratum 16: the server itself does not know the time. */
    boolean isUnsynchronised() {
        return leap == 3 || stratum >= 16;
    }

    /** NTP short format: signed 16.16 fixed point seconds. */
    private static double fixed16(int v) {
        return v / 65536.0;
    }
}
