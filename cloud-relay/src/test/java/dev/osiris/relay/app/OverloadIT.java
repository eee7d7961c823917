package dev.osiris.relay.app;

import dev.osiris.testing.Await;
import dev.osiris.protocol.Api;
import dev.osiris.protocol.RequestSignature;
import dev.osiris.relay.api.HttpEdgeConfig;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The thundering herd's first line: past its bound of check-ins in flight the relay answers 503 with Retry-After at
 * once, stays healthy, and takes check-ins again as soon as the ones in flight are done; /metrics counts what it
 * shed, without a key in sight.
 */
class OverloadIT {

    private static final int BOUND = 2;

    @TempDir
    static Path dataDir;

    static Vertx vertx;
    static Relay relay;
    static RelayAdmin admin;
    static Http http;
    static String siteId;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        relay = Await.result(Relay.start(vertx, RelayConfig.defaults(dataDir)
                .withHttp(HttpEdgeConfig.defaults().withCheckinBound(BOUND, Duration.ofSeconds(3)))
                .withMetricsPort(0)));
        admin = relay.admin();
        http = new Http(relay.baseUrl());
        siteId = Await.result(admin.createSite("Herd Dental"));
    }

    @AfterAll
    static void stop() {
        if (relay != null) {
            Await.result(relay.close());
        }
        Await.result(vertx.close());
    }

    @Test
    void pastTheBoundCheckinsAre503WithRetryAfterAtOnceAndHealthStillAnswers() {
        TestAppliance appliance = new TestAppliance(Await.result(admin.provisionAppliance(siteId)));
        List<RawHttp> held = new ArrayList<>();
        try {
            // check-ins whose bodies never come stay in flight (authenticated, reading) until their body deadline
            for (int i = 0; i < BOUND; i++) {
                RawHttp slow = RawHttp.open(relay.port());
                slow.write(RawHttp.head("POST", Api.CHECKIN, Api.API_KEY_HEADER + ": " + appliance.apiKey,
                        "Content-Type: application/json", "Content-Length: 100"));
                held.add(slow);
            }
            String refused = awaitRefusal(appliance);
            assertThat(RawHttp.status(refused)).isEqualTo(503);
            long retryAfter = Long.parseLong(header(refused, "Retry-After"));
            assertThat(retryAfter).as("between the configured 3 s and twice that").isBetween(3L, 6L);

            Http.Reply health = http.send("GET", Api.HEALTH, null, java.util.Map.of());
            assertThat(health.status()).as("health answers while check-ins are shed").isEqualTo(200);
        } finally {
            held.forEach(RawHttp::close);
        }
        // the held check-ins end with their connections; the next one is taken
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status;
        do {
            byte[] body = TestAppliance.body(appliance.nextCheckin(List.of()));
            status = http.signed(Api.CHECKIN, appliance.apiKey, body, appliance.sign(Api.CHECKIN, body)).status();
        } while (status == 503 && System.nanoTime() < deadline);
        assertThat(status).isEqualTo(200);

        String metrics = scrape();
        assertThat(value(metrics, "osiris_checkins_shed_total")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "osiris_checkin_seconds_count{status=\"503\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "osiris_checkin_seconds_count{status=\"200\"}")).isGreaterThanOrEqualTo(1);
        assertThat(metrics).contains("osiris_checkins_in_flight", "osiris_alert_outbox_depth",
                "osiris_process_resident_memory_bytes", "osiris_checkins_committed_total");
        assertThat(metrics).doesNotContain(appliance.apiKey, appliance.id);
        assertThat(http.send("GET", "/metrics", null, java.util.Map.of()).status())
                .as("not on the API's port").isEqualTo(404);
    }

    private static String scrape() {
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + relay.metricsPort()
                            + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } catch (java.io.IOException e) {
            throw new AssertionError("GET /metrics failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static double value(String exposition, String series) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no " + series + " in:\n" + exposition);
    }

    /** Sends full check-ins until one is refused (the held ones are counted once their heads are read). */
    private static String awaitRefusal(TestAppliance appliance) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            byte[] body = TestAppliance.body(appliance.nextCheckin(List.of()));
            RequestSignature.Headers signature = appliance.sign(Api.CHECKIN, body);
            long started = System.nanoTime();
            try (RawHttp client = RawHttp.open(relay.port())) {
                client.write(RawHttp.head("POST", Api.CHECKIN, Api.API_KEY_HEADER + ": " + appliance.apiKey,
                        Api.SIGNATURE_HEADER + ": " + signature.signature(),
                        Api.TIMESTAMP_HEADER + ": " + signature.timestamp(), "Content-Type: application/json",
                        "Content-Length: " + body.length));
                client.write(body);
                String head = client.readHead(Duration.ofSeconds(10));
                if (head != null && RawHttp.status(head) == 503) {
                    assertThat(Duration.ofNanos(System.nanoTime() - started))
                            .as("refused at once, not after queueing").isLessThan(Duration.ofSeconds(2));
                    return head;
                }
                assertThat(head).as("a check-in under the bound is answered").isNotNull();
                assertThat(RawHttp.status(head)).isEqualTo(200);
            }
            assertThat(System.nanoTime()).as("the held check-ins reached the bound").isLessThan(deadline);
        }
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        throw new AssertionError("no " + name + " header in " + new String(head.getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.ISO_8859_1));
    }
}
