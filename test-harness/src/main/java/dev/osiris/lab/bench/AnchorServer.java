package dev.osiris.lab.bench;

import dev.osiris.protocol.Api;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.db.ConnectionInfo;
import dev.osiris.relay.db.EmbeddedPostgres;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The bench's anchor: the naive committed check-in handler of issue 13, in a process of its own on the relay's
 * embedded PostgreSQL. Per request, one statement (an upsert of the appliance's row and an insert into its history,
 * {@code synchronous_commit=on}) and the answer after its commit; no authentication, signature, JSON model or
 * configuration. What the relay's full check-in is compared with, on the same database in the same run.
 * Usage: {@code AnchorServer <relay data dir> <port>}; prints "anchor listening on PORT".
 */
public final class AnchorServer {

    // the bench's own tables, made by the schema owner (the relay's runtime role may not create tables)
    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS bench_anchor_state (id text PRIMARY KEY, seq bigint NOT NULL,
                status text NOT NULL, seen_at timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS bench_anchor_history (id text NOT NULL, seq bigint NOT NULL,
                status text NOT NULL, received_at timestamptz NOT NULL DEFAULT now());
            """;
    private static final String CHECKIN = """
            WITH up AS (
                INSERT INTO bench_anchor_state (id, seq, status, seen_at) VALUES ($1, $2, $3, now())
                ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, status = EXCLUDED.status, seen_at = now()
                RETURNING id)
            INSERT INTO bench_anchor_history (id, seq, status) SELECT id, $2, $3 FROM up
            """;
    private static final Buffer OK = Buffer.buffer("{\"ok\":true}");

    private AnchorServer() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.start(Path.of(args[0])); // attaches to the relay's running server
        int port = Integer.parseInt(args[1]);
        ConnectionInfo owner = pg.migration();
        Vertx vertx = Vertx.vertx();
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(8)).connectingTo(owner.pgOptions())
                .using(vertx).build();
        for (String statement : SCHEMA.split(";")) {
            if (!statement.isBlank()) {
                dev.osiris.lab.Await.result(pool.query(statement).execute());
            }
        }
        int instances = Math.min(4, Runtime.getRuntime().availableProcessors());
        vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
                                .setTcpNoDelay(true))
                        .requestHandler(request -> request.body().compose(body -> {
                            var report = Json.parseObject(body.getBytes(), "checkin");
                            return pool.preparedQuery(CHECKIN).execute(Tuple.of(request.getHeader(Api.API_KEY_HEADER),
                                    report.get("seq").asLong(), report.get("status").asText()));
                        }).onComplete(done -> request.response().setStatusCode(done.succeeded() ? 200 : 500)
                                .putHeader("Content-Type", "application/json").end(OK.copy())))
                        .listen();
            }
        }, new DeploymentOptions().setInstances(instances)).toCompletionStage().toCompletableFuture().get();
        System.out.println("anchor listening on " + port);
        System.out.flush();
        new CountDownLatch(1).await(); // until the bench destroys this process
    }
}
