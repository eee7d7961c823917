package dev.osiris.agent.app;

import dev.osiris.agent.evidence.EvidenceSync;
import dev.osiris.agent.datadir.DataDirLock;
import dev.osiris.agent.evidence.ApplianceKeyFile;
import dev.osiris.agent.evidence.ChainReport;
import dev.osiris.agent.evidence.Entries;
import dev.osiris.agent.evidence.SqliteDatabase;
import dev.osiris.agent.evidence.SqliteEvidenceStore;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/** Offline tools on the evidence database: verify, show, append. */
@Command(name = "evidence", description = "Verify, show or append evidence.",
        subcommands = {EvidenceCommand.Verify.class, EvidenceCommand.Show.class, EvidenceCommand.Append.class})
final class EvidenceCommand {

    static <T> T await(Future<T> f) {
        return f.toCompletionStage().toCompletableFuture().join();
    }

    static SqliteEvidenceStore open(Path dataDir, EvidenceSync sync, boolean createKey) {
        Path keyFile = dataDir.resolve("appliance.key");
        Path dbFile = dataDir.resolve("evidence.db");
        if (!createKey && !Files.exists(dbFile)) {
            throw new IllegalArgumentException("no evidence database at " + dbFile);
        }
        ApplianceKey key = createKey ? ApplianceKeyFile.loadOrCreate(keyFile) : ApplianceKeyFile.load(keyFile);
        SqliteDatabase db = await(SqliteDatabase.open(dbFile, sync));
        return await(SqliteEvidenceStore.open(db, key));
    }

    @Command(name = "verify", description = "Re-verify the whole chain; exit 0 when intact, 1 at the first bad record.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        DataDirOption where;

        @Override
        public Integer call() {
            SqliteEvidenceStore store = open(where.dataDir(), EvidenceSync.NORMAL, false);
            try {
                ChainReport report = await(store.verify());
                System.out.println(report.verdict());
                return report.intact() ? 0 : 1;
            } finally {
                await(store.close());
            }
        }
    }

    @Command(name = "show", description = "Print records, oldest first.")
    static final class Show implements Callable<Integer> {
        @Option(names = "--data-dir", required = true)
        Path dataDir;

        @Option(names = "--last", description = "only the last N records (default ${DEFAULT-VALUE})", defaultValue = "20")
        int last;

        @Override
        public Integer call() {
            SqliteEvidenceStore store = open(dataDir, EvidenceSync.NORMAL, false);
            try {
                long from = Math.max(0, store.head().seq() - last);
                List<EvidenceRecord> records = await(store.range(from, last));
                for (EvidenceRecord r : records) {
                    System.out.println(r.seq() + " " + r.time() + " " + r.kind() + " " + r.host() + " " + r.checkId() + " "
                            + r.outcome() + " " + r.details() + " " + r.hash().substring(0, 16));
                }
                System.out.println("head " + store.head().seq() + " " + store.head().hash());
                return 0;
            } finally {
                await(store.close());
            }
        }
    }

    @Command(name = "append", description = "Append test records, printing \"committed <seq> <hash>\" after each commit;"
            + " refused while another process (a running agent) writes the data directory.")
    static final class Append implements Callable<Integer> {
        @Option(names = "--data-dir", required = true)
        Path dataDir;

        @Option(names = "--count", required = true)
        long count;

        @Option(names = "--kind", defaultValue = "agent", description = "evidence kind wire name (default ${DEFAULT-VALUE})")
        String kind;

        @Option(names = "--sync", defaultValue = "FULL", description = "FULL or NORMAL (default ${DEFAULT-VALUE})")
        EvidenceSync sync;

        @Option(names = "--in-flight", defaultValue = "64", description = "appends awaiting commit at once")
        int inFlight;

        @Override
        public Integer call() throws Exception {
            EvidenceKind k = kindOf(kind);
            try (DataDirLock lock = DataDirLock.acquire(dataDir, "evidence append", Clock.systemUTC())) {
                return append(k);
            }
        }

        private int append(EvidenceKind k) throws InterruptedException {
            SqliteEvidenceStore store = open(dataDir, sync, true);
            Entries entries = new Entries(Clock.systemUTC());
            Semaphore window = new Semaphore(inFlight);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (long i = 0; i < count && failure.get() == null; i++) {
                window.acquire();
                store.append(entries.appliance(k, "cli.append", "info", Json.object().put("n", i)))
                        .onComplete(ar -> {
                            if (ar.succeeded()) {
                                System.out.println("committed " + ar.result().seq() + " " + ar.result().hash());
                                System.out.flush();
                            } else {
                                failure.compareAndSet(null, ar.cause());
                            }
                            window.release();
                        });
            }
            window.acquire(inFlight);
            await(store.close());
            if (failure.get() != null) {
                System.err.println("append failed: " + failure.get().getMessage());
                return 1;
            }
            return 0;
        }

        private static EvidenceKind kindOf(String wire) {
            for (EvidenceKind k : EvidenceKind.values()) {
                if (k.wire().equals(wire)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("--kind must be one of agent, checkin, config, detect, heal, verify,"
                    + " escalate, remote, update, sensor; got " + wire);
        }
    }
}
