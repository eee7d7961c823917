package dev.osiris.agent.heal;

import dev.osiris.agent.evidence.EvidenceSync;
import dev.osiris.agent.evidence.SqliteDatabase;
import dev.osiris.agent.evidence.SqliteEvidenceStore;
import dev.osiris.agent.privacy.PhiScrubber;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.protocol.runbook.Verdict;
import dev.osiris.testing.Await;
import dev.osiris.testing.MovableClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the component tests of the drift engine, the healer and the resolution applier stand on: a real agent
 * database and evidence chain in a temporary directory, a clock the test moves, a {@link Delay} that moves it
 * instead of waiting, a small catalog and a Windows target. Work runs on a Vert.x context, as in the agent.
 */
public final class HealingFixture implements AutoCloseable {

    public static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    public static final Runbook FIREWALL = HealDeciderTest.runbook("RB-WIN-FW-001", "auto", true);
    public static final Runbook TASKS = HealDeciderTest.runbook("RB-WIN-TASKS-001", "auto", false);
    public static final Runbook BITLOCKER = HealDeciderTest.runbook("RB-WIN-BITLOCKER-001", "detect-only", false);
    public static final Runbook SSH = HealDeciderTest.runbook("RB-LNX-SSH-001", "auto", true);
    public static final RunbookCatalog CATALOG = new RunbookCatalog(List.of(FIREWALL, TASKS, BITLOCKER, SSH), Map.of());

    /** A Windows host's detect result for the catalog's runbooks, which expect {@code ok == true}. */
    public static final String COMPLIANT = "{\"ok\": true}";
    public static final String DRIFTED = "{\"ok\": false}";

    public final Vertx vertx = Vertx.vertx();
    public final MovableClock clock = MovableClock.at(T0);
    /** Every wait the code asked for, in order; each moved the clock by as much. */
    public final List<Duration> waits = new ArrayList<>();
    public final Delay delay = wait -> {
        synchronized (waits) {
            waits.add(wait);
        }
        clock.advance(wait);
        return Future.succeededFuture();
    };
    public final SqliteDatabase db;
    public final SqliteEvidenceStore evidence;
    public final SqliteHealingStore store;
    public final SqliteIncidentStore incidents;

    private HealingFixture(SqliteDatabase db, SqliteEvidenceStore evidence) {
        this.db = db;
        this.evidence = evidence;
        this.store = new SqliteHealingStore(db);
        this.incidents = new SqliteIncidentStore(db);
    }

    public static HealingFixture open(Path dir) throws Exception {
        SqliteDatabase db = Await.result(SqliteDatabase.open(dir.resolve("agent.db"), EvidenceSync.FULL));
        return new HealingFixture(db, Await.result(SqliteEvidenceStore.open(db, ApplianceKey.generate(new SecureRandom()))));
    }

    public static Target windows(String id, String host) {
        return new Target(id, host, Transport.WINRM, 5986, true, "ntlm", "svc", new Secret("s"), null);
    }

    public static Verdict drifted() {
        return new Verdict(Verdict.Status.DRIFTED, List.of("ok: expected true, got false"), null);
    }

    public HealEvidence entries() {
        return new HealEvidence(clock, PhiScrubber.defaults());
    }

    /** Runs {@code work} on an event-loop context, as the agent does, and waits for its future on the test thread. */
    public <T> T onLoop(Supplier<Future<T>> work) {
        Promise<T> out = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> work.get().onComplete(out));
        return Await.result(out.future());
    }

    /** The evidence chain so far, oldest first. */
    public List<EvidenceRecord> records() throws Exception {
        return Await.result(evidence.range(0, 10_000));
    }

    /** The outcomes of the records of one kind ({@code heal}, {@code verify}, ...), oldest first. */
    public List<String> outcomes(String kind) throws Exception {
        return records().stream().filter(r -> r.kind().equals(kind)).map(EvidenceRecord::outcome).toList();
    }

    @Override
    public void close() throws Exception {
        Await.result(evidence.close());
        Await.result(vertx.close());
    }
}
