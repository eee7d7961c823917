package dev.osiris.relay.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.Api;
import dev.osiris.protocol.RequestSignature;
import dev.osiris.protocol.checkin.CheckinRequest;
import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.checkin.ComplianceReport;
import dev.osiris.protocol.checkin.Incident;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.store.CredentialSpec;
import dev.osiris.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and broken input at the relay (issue 15): NUL characters, replays, duplicate keys and unknown fields are
 * refused precisely, and a refused or failed check-in stores nothing.
 */
class IntegrityIT {

    @TempDir
    static Path dataDir;

    static TestRelay site;
    static RelayAdmin admin;
    static Http http;
    static String operatorKey;

    @BeforeAll
    static void start() {
        site = TestRelay.start(RelayConfig.defaults(dataDir), "tests");
        admin = site.admin;
        http = site.http;
        operatorKey = site.operatorKey;
    }

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
    }

    private static TestAppliance applianceWithACredential(String site) {
        String siteId = Await.result(admin.createSite(site));
        Await.result(admin.addCredential(siteId,
                CredentialSpec.of("dc01.clinic.local", Transport.WINRM, ".\\admin", new Secret("Pa55w0rd!x"))));
        return new TestAppliance(Await.result(admin.provisionAppliance(siteId)));
    }

    private static Http.Reply send(TestAppliance appliance, byte[] body, RequestSignature.Headers signature) {
        return http.signed(Api.CHECKIN, appliance.apiKey, body, signature);
    }

    private static Http.Reply checkin(TestAppliance appliance, CheckinRequest request) {
        byte[] body = TestAppliance.body(request);
        return send(appliance, body, appliance.sign(Api.CHECKIN, body));
    }

    private static long count(String sql) {
        Row row = Await.result(admin.sql(sql)).iterator().next();
        return row.getLong(0);
    }

    private static long stored(TestAppliance appliance) {
        return count("SELECT (SELECT count(*) FROM checkins WHERE appliance_id = '" + appliance.id + "')"
                + " + (SELECT count(*) FROM incidents WHERE appliance_id = '" + appliance.id + "')");
    }

    private static Incident incident(String id, String host, String summary, ObjectNode observed) {
        return new Incident(id, host, "RB-WIN-FIREWALL-001", 1, "critical", "heal-failed", summary, observed,
                Instant.now(), 3);
    }

    private static CheckinRequest withIncidents(TestAppliance appliance, Incident... incidents) {
        return appliance.nextCheckin(List.of(), List.of(incidents), ComplianceReport.EMPTY, List.of());
    }

    private static String error(Http.Reply reply) {
        return reply.json().get("error").asText();
    }

    // --- finding 3: NUL -------------------------------------------------------------------------------------

    @Test
    void aNulInAnIncidentsSummaryHostOrObservedStateIs400WithItsPathAndStoresNothing() {
        TestAppliance appliance = applianceWithACredential("NUL incidents");
        ObjectNode fine = Json.object().put("publicEnabled", false);
        Incident good = incident("inc-good-1", "ws01", "firewall off", fine);

        Http.Reply summary = checkin(appliance, withIncidents(appliance, good,
                incident("inc-2", "ws01", "firewall\u0000off", fine)));
        Http.Reply host = checkin(appliance, withIncidents(appliance, incident("inc-3", "ws\u000001", "off", fine)));
        Http.Reply observed = checkin(appliance, withIncidents(appliance,
                incident("inc-4", "ws01", "off", Json.object().put("profile", "Public\u0000"))));

        assertThat(summary.status()).as(summary.text()).isEqualTo(400);
        assertThat(error(summary)).isEqualTo("checkin.incidents[1].summary must not contain control character U+0000");
        assertThat(host.status()).isEqualTo(400);
        assertThat(error(host)).isEqualTo("checkin.incidents[0].host must not contain control character U+0000");
        assertThat(observed.status()).isEqualTo(400);
        assertThat(error(observed)).isEqualTo("checkin.incidents[0].observed.profile must not contain control"
                + " character U+0000");
        assertThat(stored(appliance)).isZero();

        Http.Reply next = checkin(appliance, withIncidents(appliance, good));
        assertThat(next.status()).as(next.text()).isEqualTo(200);
        assertThat(CheckinResponse.fromJson(next.json()).targets()).hasSize(1);
        assertThat(stored(appliance)).isEqualTo(2);
    }

    @Test
    void aCheckinWhoseIncidentCannotBeStoredLeavesNoReportRowBehind() {
        TestAppliance appliance = applianceWithACredential("All or nothing");
        // A failure the parser cannot foresee, raised by the database while the incident is inserted.
        // The relay's runtime role cannot create triggers (issue 15, finding 2): the schema owner does it here.
        asSchemaOwner("""
                CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.summary = 'poison' THEN RAISE EXCEPTION 'poisoned incident'; END IF;
                    RETURN NEW;
                END $$""");
        asSchemaOwner("CREATE TRIGGER refuse_poison BEFORE INSERT ON incidents FOR EACH ROW"
                + " EXECUTE FUNCTION refuse_poison()");
        try {
            Http.Reply failed = checkin(appliance, withIncidents(appliance,
                    incident("inc-p", "ws01", "poison", Json.object())));
            assertThat(failed.status()).isEqualTo(500);
            assertThat(stored(appliance)).isZero();
            assertThat(count("SELECT last_seq FROM appliances WHERE id = '" + appliance.id + "'")).isZero();
        } finally {
            asSchemaOwner("DROP TRIGGER refuse_poison ON incidents");
            asSchemaOwner("DROP FUNCTION refuse_poison()");
        }
    }

    @Test
    void nulInOperatorBodiesAndPathsIs400WithThePathAndChangesNothing() {
        String siteId = Await.result(admin.createSite("Operator NUL"));
        String site = Api.SITES + "/" + siteId;
        long sites = count("SELECT count(*) FROM sites");

        Http.Reply name = http.operator("POST", Api.SITES, operatorKey, "{\"name\":\"Clinic\\u0000\"}");
        Http.Reply email = http.operator("PATCH", site, operatorKey, "{\"alertEmail\":\"a\\u0000@clinic.example\"}");
        Http.Reply baseline = http.operator("PATCH", site, operatorKey,
                "{\"baseline\":{\"dnsServers\":[\"198.18.0.10\\u0000\"]}}");
        Http.Reply note = http.operator("POST", site + "/incidents/inc-1/resolve", operatorKey,
                "{\"action\":\"manual\",\"note\":\"done\\u0000\"}");
        Http.Reply path = http.operator("GET", Api.SITES + "/site-%00/incidents", operatorKey, null);
        Http.Reply incidentPath = http.operator("GET", site + "/incidents/inc%00", operatorKey, null);
        Http.Reply query = http.operator("GET", site + "/evidence?appliance=app%00", operatorKey, null);

        assertThat(name.status()).isEqualTo(400);
        assertThat(error(name)).isEqualTo("site.name must not contain control character U+0000");
        assertThat(email.status()).isEqualTo(400);
        assertThat(error(email)).isEqualTo("site.alertEmail must not contain control character U+0000");
        assertThat(baseline.status()).isEqualTo(400);
        assertThat(error(baseline)).isEqualTo("site.baseline.dnsServers[0] must not contain control character U+0000");
        assertThat(note.status()).isEqualTo(400);
        assertThat(error(note)).isEqualTo("resolution.note must not contain control character U+0000");
        for (Http.Reply reply : List.of(path, incidentPath, query)) {
            assertThat(reply.status()).as(reply.text()).isEqualTo(400);
            assertThat(error(reply)).startsWith("the request path and query must not contain control characters");
        }
        assertThat(count("SELECT count(*) FROM sites")).isEqualTo(sites);
        assertThat(count("SELECT count(*) FROM sites WHERE id = '" + siteId + "' AND alert_email IS NULL"
                + " AND baseline = '{}'")).isEqualTo(1);
    }

    // --- finding 6: replay ----------------------------------------------------------------------------------

    @Test
    void aCapturedCheckinResentVerbatimIsRefused() {
        TestAppliance appliance = applianceWithACredential("Verbatim replay");
        byte[] body = TestAppliance.body(appliance.nextCheckin(List.of()));
        RequestSignature.Headers captured = appliance.sign(Api.CHECKIN, body);
        assertThat(send(appliance, body, captured).status()).isEqualTo(200);

        Http.Reply replayed = send(appliance, body, captured);

        assertThat(replayed.status()).isEqualTo(401);
        assertThat(error(replayed)).contains("already received").contains("replay refused");
        assertThat(replayed.text()).doesNotContain("Pa55w0rd!x");
    }

    @Test
    void aCheckinReSignedWithAnOldTimestampIsRefused() {
        TestAppliance appliance = applianceWithACredential("Old timestamp");
        byte[] body = TestAppliance.body(appliance.nextCheckin(List.of()));
        RequestSignature.Headers old = RequestSignature.sign(appliance.key, "POST", Api.CHECKIN,
                Instant.now().minus(Duration.ofMinutes(6)), body);

        Http.Reply refused = send(appliance, body, old);

        assertThat(refused.status()).isEqualTo(401);
        assertThat(error(refused)).startsWith("X-Osiris-Timestamp " + old.timestamp() + " is more than 60 s from");
        assertThat(refused.json().path("code").asText()).as("the appliance can tell skew from other refusals")
                .isEqualTo("clock-skew");
        assertThat(Duration.between(Instant.parse(refused.json().path("relayTime").asText()), Instant.now()).abs())
                .isLessThan(Duration.ofMinutes(1));
        assertThat(stored(appliance)).isZero();
        assertThat(send(appliance, body, appliance.sign(Api.EVIDENCE_BUNDLES, body)).status())
                .as("a signature for another route").isEqualTo(401);
        Map<String, String> unsigned = Map.of(Api.API_KEY_HEADER, appliance.apiKey, Api.SIGNATURE_HEADER,
                appliance.key.signBase64(body));
        assertThat(error(http.send("POST", Api.CHECKIN, body, unsigned))).isEqualTo("X-Osiris-Timestamp header is required");
    }

    @Test
    void anOldSeqWithAFreshSignatureIsAnsweredWithoutCredentialsAndSaysSo() {
        TestAppliance appliance = applianceWithACredential("Old seq");
        CheckinRequest first = appliance.nextCheckin(List.of());
        CheckinResponse answered = CheckinResponse.fromJson(checkin(appliance, first).json());
        assertThat(answered.targets()).hasSize(1);

        Http.Reply again = checkin(appliance, first);

        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.text()).doesNotContain("Pa55w0rd!x").doesNotContain("\"targets\"");
        CheckinResponse withheld = CheckinResponse.fromJson(again.json());
        assertThat(withheld.credentialsWithheld()).isTrue();
        assertThat(withheld.siteId()).isEqualTo(answered.siteId());
        assertThat(count("SELECT count(*) FROM checkins WHERE appliance_id = '" + appliance.id + "'")).isEqualTo(1);

        CheckinResponse next = CheckinResponse.fromJson(checkin(appliance, appliance.nextCheckin(List.of())).json());
        assertThat(next.credentialsWithheld()).isFalse();
        assertThat(next.targets()).hasSize(1);
    }

    @Test
    void aSentAtInYear999999OrBeyondTheWindowIs400AndStoresNothing() {
        TestAppliance appliance = applianceWithACredential("Far future");
        ObjectNode far = appliance.nextCheckin(List.of()).toJson().put("sentAt", "+999999-01-01T00:00:00Z");
        ObjectNode soon = appliance.nextCheckin(List.of()).toJson()
                .put("sentAt", Instant.now().plus(Duration.ofHours(1)).toString());

        for (ObjectNode json : List.of(far, soon)) {
            byte[] body = Json.bytes(json);
            Http.Reply reply = send(appliance, body, appliance.sign(Api.CHECKIN, body));
            assertThat(reply.status()).as(reply.text()).isEqualTo(400);
            assertThat(error(reply)).startsWith("checkin.sentAt");
        }
        assertThat(stored(appliance)).isZero();
    }

    @Test
    void aCapturedBundleResentVerbatimOrSignedOverTheBodyAloneIsRefused() {
        TestAppliance appliance = applianceWithACredential("Bundle replay");
        assertThat(checkin(appliance, appliance.nextCheckin(List.of())).status()).isEqualTo(200);
        byte[] body = appliance.bundleBody(appliance.seal(2));
        RequestSignature.Headers captured = appliance.sign(Api.EVIDENCE_BUNDLES, body);
        assertThat(http.signed(Api.EVIDENCE_BUNDLES, appliance.apiKey, body, captured).status()).isEqualTo(200);

        Http.Reply replayed = http.signed(Api.EVIDENCE_BUNDLES, appliance.apiKey, body, captured);
        Http.Reply bodyOnly = http.send("POST", Api.EVIDENCE_BUNDLES, body, Map.of(Api.API_KEY_HEADER, appliance.apiKey,
                Api.SIGNATURE_HEADER, appliance.key.signBase64(body), Api.TIMESTAMP_HEADER, captured.timestamp()));

        assertThat(replayed.status()).isEqualTo(401);
        assertThat(error(replayed)).contains("replay refused");
        assertThat(bodyOnly.status()).isEqualTo(401);
        assertThat(error(bodyOnly)).startsWith("the request's signature (osiris-sig-v2) does not verify");
    }

    // --- finding 11: duplicate keys and unknown fields -------------------------------------------------------

    @Test
    void aCheckinWithSeqTwiceOrAnUnknownFieldIs400AndStoresNothing() {
        TestAppliance appliance = applianceWithACredential("Strict check-in");
        String json = Json.text(appliance.nextCheckin(List.of()).toJson());
        byte[] twice = json.replaceFirst("\\{", "{\"seq\":999999,").getBytes(StandardCharsets.UTF_8);
        byte[] unknown = Json.bytes(appliance.nextCheckin(List.of()).toJson().put("priority", "high"));

        Http.Reply duplicate = send(appliance, twice, appliance.sign(Api.CHECKIN, twice));
        Http.Reply extra = send(appliance, unknown, appliance.sign(Api.CHECKIN, unknown));

        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(error(duplicate)).isEqualTo("malformed JSON: checkin.seq is given twice");
        assertThat(extra.status()).isEqualTo(400);
        assertThat(error(extra)).isEqualTo("checkin.priority is not a known field");
        assertThat(stored(appliance)).isZero();
        assertThat(count("SELECT last_seq FROM appliances WHERE id = '" + appliance.id + "'")).isZero();
    }

    @Test
    void operatorBodiesRefuseDuplicateKeysAndUnknownFields() {
        String siteId = Await.result(admin.createSite("Strict operator"));
        long sites = count("SELECT count(*) FROM sites");

        Http.Reply extra = http.operator("POST", Api.SITES, operatorKey, "{\"name\":\"Clinic\",\"partner\":\"other\"}");
        Http.Reply twice = http.operator("PATCH", Api.SITES + "/" + siteId, operatorKey,
                "{\"dryRun\":false,\"dryRun\":true}");
        Http.Reply credential = http.operator("POST", Api.SITES + "/" + siteId + "/credentials", operatorKey,
                "{\"host\":\"ws1\",\"transport\":\"ssh\",\"account\":\"a\",\"secret\":\"s\",\"secret\":\"t\"}");

        assertThat(extra.status()).isEqualTo(400);
        assertThat(error(extra)).isEqualTo("site.partner is not a known field");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(error(twice)).isEqualTo("malformed JSON: site.dryRun is given twice");
        assertThat(credential.status()).isEqualTo(400);
        assertThat(error(credential)).isEqualTo("malformed JSON: credential.secret is given twice");
        assertThat(count("SELECT count(*) FROM sites")).isEqualTo(sites);
        assertThat(Await.result(admin.site(siteId)).dryRun()).isFalse();
        assertThat(Await.result(admin.listCredentials(siteId))).isEmpty();
    }

    /** Runs DDL as the schema's owner (the migrator role), over JDBC to the embedded server. */
    private static void asSchemaOwner(String ddl) {
        int port = Await.result(admin.sql("SELECT inet_server_port() AS port")).iterator().next().getInteger("port");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
                + "/osiris", "osiris_migrator", java.nio.file.Files.readString(dataDir.resolve("pg-migrator.password"))
                .trim()); java.sql.Statement s = c.createStatement()) {
            s.execute(ddl);
        } catch (java.sql.SQLException | java.io.IOException e) {
            throw new IllegalStateException("as the schema owner: " + ddl, e);
        }
    }
}
