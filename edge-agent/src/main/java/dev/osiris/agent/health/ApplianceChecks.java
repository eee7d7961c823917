package dev.osiris.agent.health;

import dev.osiris.agent.datadir.OwnerOnly;
import dev.osiris.agent.evidence.EvidenceStore;
import dev.osiris.protocol.evidence.EvidenceCodec;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.evidence.EvidenceRecord;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** The checks of a working appliance, each bounded by its own timeout. */
public final class ApplianceChecks {

    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);

    private ApplianceChecks() {
    }

    /** The data partition takes a synced write (a read-only or missing mount fails here). */
    public static HealthCheck dataWritable(Path dataDir) {
        return () -> {
            Path probe = dataDir.resolve(".health-gate-probe");
            try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(new byte[] {1}));
                ch.force(true);
            } finally {
                Files.deleteIfExists(probe);
            }
            return Check.pass("data", dataDir + " writable (" + Files.getFileStore(dataDir).name() + ")");
        };
    }

    /** The chain's head record hashes to its hash, is signed by the chain's key, and links to the record before it. */
    public static HealthCheck evidenceHead(EvidenceStore store) {
        return () -> {
            EvidenceHead head = store.head();
            if (head.seq() == 0) {
                return Check.pass("evidence", "empty chain");
            }
            EvidenceRecord last = get(store, head.seq());
            String hash = EvidenceCodec.hex(EvidenceCodec.sha256(EvidenceCodec.canonicalBytes(last)));
            if (!hash.equals(last.hash())) {
                return Check.fail("evidence", "record " + last.seq() + " does not hash to its stored hash");
            }
            if (!store.publicKey().verifyBase64(EvidenceCodec.unhex(last.hash()), last.signature())) {
                return Check.fail("evidence", "record " + last.seq() + " is not signed by the appliance key");
            }
            String prev = head.seq() == 1 ? EvidenceRecord.GENESIS : get(store, head.seq() - 1).hash();
            if (!prev.equals(last.prevHash())) {
                return Check.fail("evidence", "record " + last.seq() + " does not link to record " + (last.seq() - 1));
            }
            return Check.pass("evidence", "head " + head.seq() + " intact");
        };
    }

    /** The files holding secrets are readable by the agent's user only. */
    public static HealthCheck privateFiles(Path... files) {
        return () -> {
            for (Path f : files) {
                OwnerOnly.requirePrivate(f, f.getFileName().toString());
                if (!Files.isReadable(f)) {
                    return Check.fail("keys", f + " is not readable");
                }
            }
            return Check.pass("keys", files.length + " file(s) owner-only and readable");
        };
    }

    /** The clock is not before the image's floor nor before the newest evidence record. */
    public static HealthCheck clock(Clock clock, Instant floor, EvidenceStore store) {
        return () -> {
            Instant now = clock.instant();
            Instant last = store.head().seq() == 0 ? Instant.EPOCH : get(store, store.head().seq()).time();
            // a few minutes' grace: records are stamped by this clock, a small step back after NTP is not insane
            Instant latest = last.minus(Duration.ofMinutes(5));
            if (now.isBefore(floor) || now.isBefore(latest)) {
                return Check.fail("clock", now + " is before " + (now.isBefore(floor) ? "the image's floor " + floor
                        : "the newest evidence record " + last));
            }
            return Check.pass("clock", now.toString());
        };
    }

    /** At least {@code minFree} bytes free in the data partition. */
    public static HealthCheck freeSpace(Path dataDir, long minFree) {
        return () -> {
            long free = Files.getFileStore(dataDir).getUsableSpace();
            return free >= minFree ? Check.pass("space", (free >> 20) + " MiB free")
                    : Check.fail("space", (free >> 20) + " MiB free, below " + (minFree >> 20) + " MiB");
        };
    }

    /** The relay answers a TCP connect; offline-first, unreachable passes unless {@code required}. */
    public static HealthCheck relay(URI relay, Duration timeout, boolean required) {
        return () -> {
            int port = relay.getPort() > 0 ? relay.getPort() : "https".equals(relay.getScheme()) ? 443 : 80;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(relay.getHost(), port), (int) timeout.toMillis());
                return Check.pass("relay", relay.getHost() + ":" + port + " reachable");
            } catch (IOException e) {
                String detail = relay.getHost() + ":" + port + " unreachable (" + e.getMessage() + ")";
                return required ? Check.fail("relay", detail) : Check.pass("relay", detail + "; not required offline");
            }
        };
    }

    private static EvidenceRecord get(EvidenceStore store, long seq) throws Exception {
        EvidenceRecord r = store.get(seq).toCompletionStage().toCompletableFuture()
                .get(STORE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (r == null) {
            throw new IOException("evidence record " + seq + " is missing below the head");
        }
        return r;
    }
}
