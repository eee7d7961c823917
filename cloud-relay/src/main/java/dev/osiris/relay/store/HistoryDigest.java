package dev.osiris.relay.store;

import dev.osiris.protocol.checkin.CheckinRequest;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The state a check-in report describes, as a SHA-256 digest, so that the store writes a history row only when the
 * state changed (V18). What counts as the state: status and its detail, agent version, boot partition, the scan
 * summary, the evidence head, the compliance report, the targets' transports and the clock's verdict (its state and
 * reason, not the time it was checked). Not the state: seq, sentAt, uptime and the configuration version, which
 * move with every report. Each part is written with its length, so no two different states share an encoding.
 */
final class HistoryDigest {

    private HistoryDigest() {
    }

    static Buffer of(CheckinRequest r, String scan, String compliance, String transports) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        for (String part : new String[]{r.status(), r.statusDetail(), r.agentVersion(), r.bootPartition(), scan,
                String.valueOf(r.evidenceHead().seq()), r.evidenceHead().hash(), compliance, transports,
                r.clock() == null ? null : r.clock().state(), r.clock() == null ? null : r.clock().reason()}) {
            if (part == null) {
                sha.update((byte) 0);
                continue;
            }
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha.update((byte) 1);
            sha.update(new byte[]{(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
                    (byte) (bytes.length >>> 8), (byte) bytes.length});
            sha.update(bytes);
        }
        return Buffer.buffer(sha.digest());
    }
}
