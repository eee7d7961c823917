package dev.osiris.agent.app;

import dev.osiris.agent.config.AgentConfig;
import dev.osiris.agent.evidence.EvidenceSync;
import dev.osiris.agent.evidence.Entries;
import dev.osiris.agent.evidence.SqliteDatabase;
import dev.osiris.agent.evidence.SqliteEvidenceStore;
import dev.osiris.agent.orders.Orders;
import dev.osiris.agent.relay.Backoff;
import dev.osiris.agent.relay.CheckinCycle;
import dev.osiris.agent.relay.CheckinLoop;
import dev.osiris.agent.relay.LinkState;
import dev.osiris.agent.relay.RelayClient;
import dev.osiris.agent.relay.SiteReport;
import dev.osiris.agent.relay.SqliteOutbox;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import dev.osiris.testing.Await;
import dev.osiris.testing.MovableClock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The relay link of one agent, without the rest of it: the real check-in cycle and loop, relay client, outbox and
 * evidence store over a {@link FakeRelay} and a SQLite database in a test's directory, on one event-loop context,
 * reading a {@link MovableClock}. Backoff draws a fixed value; hour-long delays keep the loop's own timers from firing,
 * so that a test drives every attempt with {@link #checkin()}.
 */
final class LinkFixture implements AutoCloseable {

    static final Instant START = Instant.parse("2026-06-01T08:00:00Z");
    static final Duration BACKOFF_MIN = Duration.ofHours(1);
    static final Duration BACKOFF_MAX = Duration.ofHours(8);
    /** What the fixture's backoff draws from [0, 1). */
    static final double DRAWN = 0.5;

    final MovableClock clock = MovableClock.at(START);
    final Backoff backoff = new Backoff(BACKOFF_MIN, BACKOFF_MAX, () -> DRAWN);
    final Context context;
    private final FakeRelay relay;
    private SqliteDatabase db;
    private SqliteEvidenceStore store;
    private RelayClient client;
    private CheckinLoop loop;
    /** The clock check the reports carry (null: not checked). */
    volatile dev.osiris.protocol.checkin.ClockReport clockReport;
    /** The update state the reports carry (null: no self-update). */
    volatile dev.osiris.protocol.checkin.UpdateReport updateReport;

    private LinkFixture(Vertx vertx, FakeRelay relay) {
        this.context = vertx.getOrCreateContext();
        this.relay = relay;
    }

    /** Opens the database in {@code dir} and builds the link; {@code registrations} registers the orders it carries out. */
    static LinkFixture open(Vertx vertx, FakeRelay relay, Path dir, Consumer<Orders> registrations) {
        LinkFixture f = new LinkFixture(vertx, relay);
        f.on(() -> f.build(vertx, dir, registrations));
        return f;
    }

    private Future<Void> build(Vertx vertx, Path dir, Consumer<Orders> registrations) {
        AgentConfig config = relay.agentConfig(dir).requestTimeout(Duration.ofSeconds(5))
                .connectTimeout(Duration.ofSeconds(2)).build();
        ApplianceKey key = ApplianceKey.generate(new SecureRandom());
        Entries entries = new Entries(clock);
        return SqliteDatabase.open(dir.resolve("evidence.db"), EvidenceSync.NORMAL).compose(opened -> {
            db = opened;
            return SqliteEvidenceStore.open(db, key);
        }).map(opened -> {
            store = opened;
            Orders orders = new Orders(store, entries);
            registrations.accept(orders);
            client = new RelayClient(vertx, config, key, FakeRelay.API_KEY, clock);
            CheckinCycle cycle = new CheckinCycle(new SqliteOutbox(db, clock), client, store, entries,
                    new CheckinCycle.Identity("test", "a", key.publicKey().base64(), () -> 1, () -> clockReport,
                            () -> updateReport), clock,
                    config.bundleMaxRecords(), orders, SiteReport.NONE);
            loop = new CheckinLoop(vertx, cycle, LinkState.initial(0, 0, List.of()), backoff, config.checkinInterval(),
                    0.1, store, entries, clock, () -> { });
            return null;
        });
    }

    /** One check-in cycle now, on the link's event loop; fails with its reason. */
    Future<Void> checkin() {
        return onContext(() -> loop.runNow());
    }

    /** The link as the loop last left it. */
    LinkState state() {
        return loop.state();
    }

    /** Appends {@code n} records about the appliance, for uploads to carry. */
    void append(int n) {
        for (int i = 0; i < n; i++) {
            int k = i;
            on(() -> store.append(new Entries(clock).appliance(EvidenceKind.AGENT, "test.record", "info",
                    Json.object().put("n", k).put("padding", "x".repeat(200)))));
        }
    }

    long head() {
        return store.head().seq();
    }

    /** The evidence records with this check id, oldest first. */
    List<EvidenceRecord> records(String checkId) {
        return on(() -> store.range(0, 10_000)).stream().filter(r -> r.checkId().equals(checkId)).toList();
    }

    /** Runs the action on the link's context and waits for its result (on the test thread, never an event loop). */
    <T> T on(Supplier<Future<T>> action) {
        return Await.result(onContext(action));
    }


    private <T> Future<T> onContext(Supplier<Future<T>> action) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(promise));
        return promise.future();
    }

    @Override
    public void close() {
        on(() -> loop.stop().eventually(() -> {
            client.close();
            return db.close();
        }));
    }
}
