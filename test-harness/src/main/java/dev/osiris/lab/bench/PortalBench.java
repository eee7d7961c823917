package dev.osiris.lab.bench;

import dev.osiris.lab.Await;
import dev.osiris.lab.WorkDirs;
import dev.osiris.protocol.checkin.ComplianceReport;
import dev.osiris.protocol.checkin.FrameworkScore;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.app.Relay;
import dev.osiris.relay.app.RelayAdmin;
import dev.osiris.relay.app.RelayConfig;
import dev.osiris.relay.auth.Role;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench portal}: the portal's dashboard and site pages for one partner with 500 sites and 1,000 appliances,
 * on a relay in this process (embedded PostgreSQL) over loopback. Prints p50/p99 of the time to each page (request
 * to last byte, as a browser on the same host sees it) and the SQL statements the relay ran for it, counted by a
 * Vert.x metrics hook on the SQL client (each page is fetched alone, so the count is the page's). Aim: p99 < 200 ms.
 */
public final class PortalBench {

    /** Counts every statement the relay's SQL clients send. */
    static final class SqlCounter implements VertxMetrics {
        final AtomicLong statements = new AtomicLong();

        @Override
        public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remote, String type, String namespace) {
            if (!"sql".equals(type)) {
                return null;
            }
            return new ClientMetrics<Object, Object, Object>() {
                @Override
                public Object requestBegin(String uri, Object request) {
                    statements.incrementAndGet();
                    return null;
                }
            };
        }
    }

    private final Path dir;
    private final PrintStream out;
    private final int sites;
    private final int appliancesPerSite;
    private final int requests;

    public PortalBench(Path dir, PrintStream out, int sites, int appliancesPerSite, int requests) {
        this.dir = dir;
        this.out = out;
        this.sites = sites;
        this.appliancesPerSite = appliancesPerSite;
        this.requests = requests;
    }

    public void run() throws Exception {
        SqlCounter sql = new SqlCounter();
        Vertx vertx = Vertx.builder().withMetrics(options -> sql).build();
        Relay relay = null;
        try {
            relay = Await.result(Relay.start(vertx, RelayConfig.defaults(WorkDirs.fresh(dir).resolve("relay"))),
                    Duration.ofMinutes(5));
            RelayAdmin admin = relay.admin();
            String partner = Await.result(admin.createPartner("Bench MSP"));
            seed(admin, partner);
            var user = Await.result(admin.addUser(partner, Role.ADMIN, "https://bench.osiris.invalid", "bench-admin",
                    "bench@osiris.invalid"));
            String cookie = "osiris-session=" + Await.result(admin.startSession(user.id())).token();
            List<String> siteIds = new ArrayList<>();
            Await.result(admin.sql("SELECT id FROM sites WHERE partner_id = '" + partner + "' ORDER BY id"))
                    .forEach(r -> siteIds.add(r.getString("id")));
            out.printf("portal bench: %d sites, %d appliances of one partner; %d requests per page%n", sites,
                    sites * appliancesPerSite, requests);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = relay.baseUrl();
            measure("dashboard", http, cookie, sql, i -> base + "/portal/sites");
            measure("site page", http, cookie, sql, i -> base + "/portal/sites/" + siteIds.get(i % siteIds.size()));
            measure("sites API", http, cookie, sql, i -> base + "/api/sites");
        } finally {
            if (relay != null) {
                Await.result(relay.close(), Duration.ofMinutes(2));
            }
            Await.result(vertx.close());
        }
    }

    /** 500 sites, 2 appliances each with a compliance report, 4 of 5 online, and 20 reports of history per site. */
    private void seed(RelayAdmin admin, String partner) {
        String report = Json.text(new ComplianceReport(Instant.now(), FrameworkScore.FRAMEWORKS.stream()
                .map(f -> new FrameworkScore(f, 40, 3, 2, List.of())).toList()).toJson()).replace("'", "''");
        Await.result(admin.sql("INSERT INTO sites (id, partner_id, name) SELECT 'site-bench-' || lpad(i::text, 4, '0'),"
                + " '" + partner + "', 'Clinic ' || i FROM generate_series(1, " + sites + ") i"));
        Await.result(admin.sql("INSERT INTO appliances (id, site_id, api_key_sha256, last_checkin_at, agent_version,"
                + " status, compliance, compliance_at) SELECT 'app-bench-' || s || '-' || a,"
                + " 'site-bench-' || lpad(s::text, 4, '0'), md5(s || '-' || a) || md5('k' || s || '-' || a),"
                + " CASE WHEN (s + a) % 5 = 0 THEN now() - interval '1 hour' ELSE now() END, '1.0.0', 'ok', '"
                + report + "'::jsonb, now() FROM generate_series(1, " + sites + ") s, generate_series(1, "
                + appliancesPerSite + ") a"), Duration.ofMinutes(2));
        Await.result(admin.sql("INSERT INTO checkins (appliance_id, seq, sent_at, agent_version, uptime_seconds,"
                + " boot_partition, status, status_detail, scan, evidence_head_seq, evidence_head_hash, received_at,"
                + " compliance) SELECT 'app-bench-' || s || '-1', n, now(), '1.0.0', 60, 'a', 'ok', '', '{}', 0,"
                + " repeat('0', 64), now() - n * interval '1 minute', '" + report + "'::jsonb"
                + " FROM generate_series(1, " + sites + ") s, generate_series(1, 20) n"), Duration.ofMinutes(2));
    }

    private void measure(String page, HttpClient http, String cookie, SqlCounter sql,
                         java.util.function.IntFunction<String> url) throws IOException, InterruptedException {
        for (int i = 0; i < 20; i++) {
            fetch(http, url.apply(i), cookie);
        }
        long[] nanos = new long[requests];
        long[] statements = new long[requests];
        for (int i = 0; i < requests; i++) {
            long before = sql.statements.get();
            long t0 = System.nanoTime();
            fetch(http, url.apply(i), cookie);
            nanos[i] = System.nanoTime() - t0;
            statements[i] = sql.statements.get() - before;
        }
        Arrays.sort(nanos);
        Arrays.sort(statements);
        out.printf("  %-10s p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  SQL statements per page: %d (max %d)%s%n", page,
                nanos[requests / 2] / 1e6, nanos[(int) Math.ceil(requests * 0.99) - 1] / 1e6,
                nanos[requests - 1] / 1e6, statements[requests / 2], statements[requests - 1],
                nanos[(int) Math.ceil(requests * 0.99) - 1] < 200_000_000L ? "" : "  (above the 200 ms aim)");
    }

    private static void fetch(HttpClient http, String url, String cookie) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode());
        }
    }
}
