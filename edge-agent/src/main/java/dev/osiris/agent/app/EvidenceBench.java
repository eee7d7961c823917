package dev.osiris.agent.app;

import dev.osiris.agent.evidence.EvidenceSync;
import dev.osiris.agent.evidence.ChainReport;
import dev.osiris.agent.evidence.Entries;
import dev.osiris.agent.evidence.SqliteDatabase;
import dev.osiris.agent.evidence.SqliteEvidenceStore;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.json.Json;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/** Measures durable appends (hash-chained, signed, committed) and chain verification on real SQLite files. */
final class EvidenceBench {

    private final Path dir;
    private final PrintStream out;
    private final StringBuilder report = new StringBuilder();
    private final ApplianceKey key = ApplianceKey.generate(new SecureRandom());
    private final Entries entries = new Entries(Clock.systemUTC());
    private int run;

    EvidenceBench(Path dir, PrintStream out) {
        this.dir = dir;
        this.out = out;
    }

    String run(int records, int singleRecords, int inFlight, int verifyRecords) throws Exception {
        line("osiris evidence bench: " + Runtime.getRuntime().availableProcessors() + " CPUs, load average "
                + String.format(Locale.ROOT, "%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage()) + ", java " + Runtime.version() + ", scratch " + dir);
        line("each append is hash-chained, Ed25519-signed and committed to SQLite (WAL) before it is acknowledged");
        append(EvidenceSync.NORMAL, Math.min(records, 20_000), inFlight, "warm-up (JIT; not a result)");
        for (EvidenceSync sync : EvidenceSync.values()) {
            append(sync, singleRecords, 1, "one commit per record (1 in flight)");
            append(sync, records, inFlight, "group commit (" + inFlight + " in flight)");
        }
        verify(verifyRecords);
        return report.toString();
    }

    private void append(EvidenceSync sync, int n, int inFlight, String label) throws Exception {
        SqliteEvidenceStore store = open(sync);
        long[] latencies = new long[n];
        Semaphore window = new Semaphore(inFlight);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            window.acquire();
            int index = i;
            long t0 = System.nanoTime();
            store.append(entries.appliance(EvidenceKind.DETECT, "bench.append", "pass",
                    Json.object().put("n", i).put("rule", "RB-BENCH-001"))).onComplete(ar -> {
                latencies[index] = System.nanoTime() - t0;
                if (ar.failed()) {
                    failure.compareAndSet(null, ar.cause());
                }
                window.release();
            });
        }
        window.acquire(inFlight);
        double seconds = (System.nanoTime() - start) / 1e9;
        EvidenceCommand.await(store.close());
        if (failure.get() != null) {
            throw new IllegalStateException("append failed", failure.get());
        }
        Arrays.sort(latencies);
        line(String.format(Locale.ROOT, "append synchronous=%-6s %-36s %8d records in %6.2f s = %8.0f records/s, ack p50 %6.2f ms, p99 %6.2f ms",
                sync, label, n, seconds, n / seconds, latencies[n / 2] / 1e6, latencies[Math.min(n - 1, (int) (n * 0.99))] / 1e6));
    }

    private void verify(int n) throws Exception {
        SqliteEvidenceStore store = open(EvidenceSync.NORMAL);
        Semaphore window = new Semaphore(1024);
        for (int i = 0; i < n; i++) {
            window.acquire();
            store.append(entries.appliance(EvidenceKind.DETECT, "bench.verify", "pass", Json.object().put("n", i)))
                    .onComplete(ar -> window.release());
        }
        window.acquire(1024);
        long start = System.nanoTime();
        ChainReport report = EvidenceCommand.await(store.verify());
        double seconds = (System.nanoTime() - start) / 1e9;
        EvidenceCommand.await(store.close());
        line(String.format(Locale.ROOT, "verify %d records (streamed from SQLite, %d threads) in %.2f s = %.0f records/s: %s",
                report.records(), Runtime.getRuntime().availableProcessors(), seconds, report.records() / seconds,
                report.intact() ? "intact" : report.verdict()));
    }

    private SqliteEvidenceStore open(EvidenceSync sync) throws Exception {
        Path file = dir.resolve("bench-" + (++run) + ".db");
        Files.deleteIfExists(file);
        SqliteDatabase db = EvidenceCommand.await(SqliteDatabase.open(file, sync));
        return EvidenceCommand.await(SqliteEvidenceStore.open(db, key));
    }

    private void line(String text) {
        out.println(text);
        out.flush();
        report.append(text).append('\n');
    }
}
