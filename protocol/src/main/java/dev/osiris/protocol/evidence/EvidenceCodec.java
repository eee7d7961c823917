package dev.osiris.protocol.evidence;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The one canonical byte encoding of an evidence record, the input to its hash. Agent, relay and the
 * offline verifier all call this, so they agree by construction.
 *
 * <pre>
 * "OSIRIS-EVIDENCE\0" u8 schema
 * u64 seq  i64 epochMillis
 * str host  str checkId  str kind  str outcome  str details   (str = u32 length + UTF-8 bytes)
 * 32 bytes prevHash
 * </pre>
 */
public final class EvidenceCodec {

    private static final byte[] MAGIC = "OSIRIS-EVIDENCE\0".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();

    private EvidenceCodec() {
    }

    public static byte[] canonicalBytes(long seq, Instant time, String host, String checkId, String kind,
                                        String outcome, String details, String prevHash) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + details.length());
        out.writeBytes(MAGIC);
        out.write(EvidenceRecord.SCHEMA);
        out.writeBytes(ByteBuffer.allocate(16).putLong(seq).putLong(time.toEpochMilli()).array());
        for (String field : new String[] {host, checkId, kind, outcome, details}) {
            byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(utf8.length).array());
            out.writeBytes(utf8);
        }
        out.writeBytes(HEX.parseHex(prevHash));
        return out.toByteArray();
    }

    public static byte[] canonicalBytes(EvidenceRecord r) {
        return canonicalBytes(r.seq(), r.time(), r.host(), r.checkId(), r.kind(), r.outcome(), r.details(), r.prevHash());
    }

    public static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    public static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }
}
