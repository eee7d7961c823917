package dev.osiris.relay.app;

import dev.osiris.protocol.Api;
import dev.osiris.protocol.RequestSignature;
import dev.osiris.relay.api.HttpEdgeConfig;
import dev.osiris.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The relay's HTTP edge against hostile clients: strict types and methods, bodies read only when allowed, deadlines. */
class EdgeIT {

    private static final long MIB = 1024 * 1024;

    @TempDir
    static Path dataDir;

    static TestRelay site;
    static Relay relay;
    static RelayAdmin admin;
    static String operatorKey;

    @BeforeAll
    static void start() {
        site = TestRelay.start(RelayConfig.defaults(dataDir)
                .withHttp(HttpEdgeConfig.defaults().withBodyBytesInFlight(2 * MIB)), "edge");
        relay = site.relay;
        admin = site.admin;
        operatorKey = site.operatorKey;
    }

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
    }

    /** Another relay on the same database with other edge settings. */
    private static Relay relayWith(HttpEdgeConfig http) {
        return site.another(RelayConfig.defaults(dataDir).withHttp(http));
    }

    private static TestAppliance appliance() {
        String siteId = Await.result(admin.createSite("Edge " + System.nanoTime()));
        return new TestAppliance(Await.result(admin.provisionAppliance(siteId)));
    }

    private static HttpResponse<String> send(String method, String path, String contentType, byte[] body,
                                             String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(relay.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void jsonRoutesRefuseAnotherContentTypeWith415NamingTheExpectedType() throws Exception {
        TestAppliance appliance = appliance();
        byte[] checkin = TestAppliance.body(appliance.nextCheckin(List.of()));

        HttpResponse<String> plain = send("POST", Api.CHECKIN, "text/plain", checkin,
                signed(appliance, checkin));
        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(plain.body()).contains("Content-Type must be application/json, got text/plain");
        HttpResponse<String> none = send("POST", Api.EVIDENCE_BUNDLES, null, utf8("{}"),
                Api.API_KEY_HEADER, appliance.apiKey);
        assertThat(none.statusCode()).isEqualTo(415);
        HttpResponse<String> form = send("POST", Api.SITES, "application/x-www-form-urlencoded",
                utf8("{\"name\":\"Form\"}"), Api.API_KEY_HEADER, operatorKey);
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(form.body()).contains("application/json");

        HttpResponse<String> json = send("POST", Api.SITES, "application/json; charset=utf-8",
                utf8("{\"name\":\"Charset\"}"), Api.API_KEY_HEADER, operatorKey);
        assertThat(json.statusCode()).as(json.body()).isEqualTo(201);
        String site = Api.SITES + "/" + json.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        assertThat(send("PUT", site + "/runbooks", "text/yaml", utf8("enabled: all"),
                Api.API_KEY_HEADER, operatorKey).statusCode()).isEqualTo(415);
        assertThat(send("POST", site + "/incidents/inc-1/resolve", "text/plain", utf8("{}"),
                Api.API_KEY_HEADER, operatorKey).statusCode()).isEqualTo(415);
        assertThat(checkinStatus(appliance, checkin)).isEqualTo(200);
    }

    private static int checkinStatus(TestAppliance appliance, byte[] body) throws Exception {
        return send("POST", Api.CHECKIN, "application/json", body, signed(appliance, body)).statusCode();
    }

    @Test
    void aKnownPathWithAnotherMethodIs405WithTheAllowedMethods() throws Exception {
        String siteId = Await.result(admin.createSite("Methods"));
        String site = Api.SITES + "/" + siteId;

        HttpResponse<String> checkin = send("GET", Api.CHECKIN, null, null);
        assertThat(checkin.statusCode()).isEqualTo(405);
        assertThat(checkin.headers().firstValue("Allow")).hasValue("POST");
        assertThat(checkin.body()).contains("GET is not allowed on " + Api.CHECKIN);
        assertThat(send("DELETE", Api.HEALTH, null, null).headers().firstValue("Allow")).hasValue("GET");
        assertThat(send("PUT", Api.EVIDENCE_BUNDLES, null, null).headers().firstValue("Allow")).hasValue("POST");

        HttpResponse<String> sites = send("DELETE", Api.SITES, null, null, Api.API_KEY_HEADER, operatorKey);
        assertThat(sites.statusCode()).isEqualTo(405);
        assertThat(sites.headers().firstValue("Allow")).hasValue("GET, POST");
        assertThat(send("POST", site, null, null, Api.API_KEY_HEADER, operatorKey).headers().firstValue("Allow"))
                .hasValue("GET, PATCH");
        assertThat(send("GET", site + "/credentials/cred-1", null, null, Api.API_KEY_HEADER, operatorKey)
                .headers().firstValue("Allow")).hasValue("DELETE");
        assertThat(send("DELETE", site + "/runbooks", null, null, Api.API_KEY_HEADER, operatorKey)
                .headers().firstValue("Allow")).hasValue("GET, PUT");
        HttpResponse<String> resolve = send("GET", site + "/incidents/inc-1/resolve", null, null,
                Api.API_KEY_HEADER, operatorKey);
        assertThat(resolve.statusCode()).isEqualTo(405);
        assertThat(resolve.headers().firstValue("Allow")).hasValue("POST");

        HttpResponse<String> unknown = send("GET", "/api/nothing", null, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no such endpoint: GET /api/nothing");
    }

    @Test
    void aBodyIsRefusedFromItsHeadersBeforeAByteOfItIsSent() {
        try (RawHttp noKey = RawHttp.open(relay.port()); RawHttp unknownKey = RawHttp.open(relay.port());
             RawHttp tooLarge = RawHttp.open(relay.port())) {
            noKey.write(RawHttp.head("POST", Api.EVIDENCE_BUNDLES, "Content-Type: application/json",
                    "Content-Length: 15000000"));
            unknownKey.write(RawHttp.head("POST", Api.EVIDENCE_BUNDLES, "Content-Type: application/json",
                    "Content-Length: 15000000", Api.API_KEY_HEADER + ": osk_unknown"));
            tooLarge.write(RawHttp.head("POST", Api.CHECKIN, "Content-Type: application/json",
                    "Content-Length: 15000000"));

            String refused = noKey.readHead(Duration.ofSeconds(5));
            assertThat(RawHttp.status(refused)).isEqualTo(401);
            assertThat(refused).containsIgnoringCase("connection: close");
            assertThat(RawHttp.status(unknownKey.readHead(Duration.ofSeconds(5)))).isEqualTo(401);
            assertThat(RawHttp.status(tooLarge.readHead(Duration.ofSeconds(5)))).isEqualTo(413);
            noKey.awaitClosed(Duration.ofSeconds(5));
        }
    }

    @Test
    void pastTheInFlightBudgetBodiesAre503WithRetryAfterAndACheckinSucceedsOnceItFrees() throws Exception {
        TestAppliance appliance = appliance();
        byte[] checkin = TestAppliance.body(appliance.nextCheckin(List.of()));
        List<RawHttp> holders = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                RawHttp holder = RawHttp.open(relay.port());
                holders.add(holder);
                holder.write(RawHttp.head("POST", Api.EVIDENCE_BUNDLES, "Content-Type: application/json",
                        "Content-Length: " + MIB, "Expect: 100-continue", Api.API_KEY_HEADER + ": " + appliance.apiKey));
                // the relay says continue once the body's length is reserved: the budget is spent after the second
                assertThat(RawHttp.status(holder.readHead(Duration.ofSeconds(5)))).isEqualTo(100);
                holder.write("{\"publicKey\":");
            }

            HttpResponse<String> busy = send("POST", Api.CHECKIN, "application/json", checkin,
                    signed(appliance, checkin));
            assertThat(busy.statusCode()).isEqualTo(503);
            assertThat(busy.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(busy.body()).contains("retry in 5 s");
        } finally {
            holders.forEach(RawHttp::close);
        }
        Await.until("a check-in once the held bodies are gone", Duration.ofSeconds(10),
                () -> uncheckedStatus(appliance, checkin) == 200);
    }

    private static int uncheckedStatus(TestAppliance appliance, byte[] body) {
        try {
            return checkinStatus(appliance, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void cleartextHttp2IsNotSpoken() {
        try (RawHttp h2c = RawHttp.open(relay.port())) {
            h2c.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
            String head = h2c.readHead(Duration.ofSeconds(5));
            // an HTTP/2 server would answer the preface with a binary SETTINGS frame; HTTP/1 refuses it in text
            assertThat(head).matches("(?s)HTTP/\\S+ [45]\\d\\d .*");
        }
    }

    @Test
    void aSlowlorisIsClosedByTheHeaderDeadline() {
        Relay strict = relayWith(HttpEdgeConfig.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(60)));
        try (RawHttp slow = RawHttp.open(strict.port())) {
            Thread dripper = Thread.ofVirtual().start(() -> {
                String head = RawHttp.head("GET", Api.HEALTH, "X-Padding: " + "a".repeat(60));
                for (char c : head.substring(0, head.length() - 2).toCharArray()) {
                    if (!slow.write(String.valueOf(c))) {
                        return;
                    }
                    try {
                        Thread.sleep(250); // the attack's pace, not a wait for the relay
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            // the whole head would take some 25 s at this pace: closed well before, by the 1 s deadline
            slow.awaitClosed(Duration.ofSeconds(6));
            dripper.interrupt();
        }
    }

    @Test
    void aSlowBodyIsAnswered408AndClosedByTheBodyDeadline() {
        Relay strict = relayWith(HttpEdgeConfig.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(60)));
        TestAppliance appliance = appliance();
        try (RawHttp slow = RawHttp.open(strict.port())) {
            slow.write(RawHttp.head("POST", Api.CHECKIN, "Content-Type: application/json", "Content-Length: 1000",
                    Api.API_KEY_HEADER + ": " + appliance.apiKey));
            slow.write("{\"seq\":");

            String head = slow.readHead(Duration.ofSeconds(5));
            assertThat(RawHttp.status(head)).isEqualTo(408);
            slow.awaitClosed(Duration.ofSeconds(5));
        }
    }

    @Test
    void connectionsPastThePerSourceCapAreRefusedWhileAnotherSourceIsServed() {
        Relay capped = relayWith(HttpEdgeConfig.defaults().withMaxConnectionsPerSource(3));
        List<RawHttp> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawHttp c = RawHttp.open(capped.port(), "127.0.0.2");
                held.add(c);
                c.write(RawHttp.head("GET", Api.HEALTH));
                assertThat(RawHttp.status(c.readHead(Duration.ofSeconds(5)))).isEqualTo(200);
            }
            try (RawHttp fourth = RawHttp.open(capped.port(), "127.0.0.2")) {
                fourth.write(RawHttp.head("GET", Api.HEALTH));
                assertThat(fourth.readHead(Duration.ofSeconds(5))).isNull();
            }
            try (RawHttp other = RawHttp.open(capped.port(), "127.0.0.3")) {
                other.write(RawHttp.head("GET", Api.HEALTH));
                assertThat(RawHttp.status(other.readHead(Duration.ofSeconds(5)))).isEqualTo(200);
            }
        } finally {
            held.forEach(RawHttp::close);
        }
        Await.until("the source's connections counted closed", Duration.ofSeconds(10), () -> {
            try (RawHttp again = RawHttp.open(capped.port(), "127.0.0.2")) {
                again.write(RawHttp.head("GET", Api.HEALTH));
                String head = again.readHead(Duration.ofSeconds(5));
                return head != null && RawHttp.status(head) == 200;
            }
        });
    }

    /** The key, signature and timestamp headers of a check-in signed now. */
    private static String[] signed(TestAppliance appliance, byte[] body) {
        RequestSignature.Headers signature = appliance.sign(Api.CHECKIN, body);
        return new String[] {Api.API_KEY_HEADER, appliance.apiKey, Api.SIGNATURE_HEADER, signature.signature(),
                Api.TIMESTAMP_HEADER, signature.timestamp()};
    }
}
