package dev.osiris.relay.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.protocol.Api;
import dev.osiris.protocol.RequestSignature;
import dev.osiris.protocol.checkin.ClockReport;
import dev.osiris.protocol.checkin.CheckinRequest;
import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.TargetTransport;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.protocol.checkin.TransportSecurity;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.ChainVerifier;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.store.CredentialSpec;
import dev.osiris.relay.store.SitePatch;
import dev.osiris.testing.Await;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The relay's HTTP API against a real embedded PostgreSQL, one per class. */
class RelayIT {

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

    private static TestAppliance newAppliance(String siteId) {
        return new TestAppliance(Await.result(admin.provisionAppliance(siteId)));
    }

    private static Http.Reply checkin(TestAppliance appliance, CheckinRequest request) {
        byte[] body = TestAppliance.body(request);
        return http.signed(Api.CHECKIN, appliance.apiKey, body, appliance.sign(Api.CHECKIN, body));
    }

    private static Http.Reply bundle(TestAppliance appliance, List<EvidenceRecord> records) {
        byte[] body = appliance.bundleBody(records);
        return http.signed(Api.EVIDENCE_BUNDLES, appliance.apiKey, body, appliance.sign(Api.EVIDENCE_BUNDLES, body));
    }

    private static long count(String sql) {
        Row row = Await.result(admin.sql(sql)).iterator().next();
        return row.getLong(0);
    }

    @Test
    void firstCheckinPinsTheKeyAndReturnsConfigWithDecryptedCredentials() {
        String siteId = Await.result(admin.createSite("North Valley Dental"));
        Await.result(admin.updateSite(siteId, SitePatch.none().withInterval(30)
                .withHealingMode(HealingMode.FULL_COVERAGE).withEnabledRunbooks(List.of("rb-win-firewall-001"))));
        String credentialId = Await.result(admin.addCredential(siteId,
                CredentialSpec.of("dc01.nvd.local", Transport.WINRM, ".\\admin", new Secret("Pa55w0rd!x"))));
        TestAppliance appliance = newAppliance(siteId);

        Http.Reply reply = checkin(appliance, appliance.nextCheckin(List.of()));

        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        CheckinResponse config = CheckinResponse.fromJson(reply.json());
        assertThat(config.applianceId()).isEqualTo(appliance.id);
        assertThat(config.siteId()).isEqualTo(siteId);
        assertThat(config.siteName()).isEqualTo("North Valley Dental");
        assertThat(config.checkinIntervalSeconds()).isEqualTo(30);
        assertThat(config.healingMode()).isEqualTo(HealingMode.FULL_COVERAGE);
        assertThat(config.enabledRunbooks()).containsExactly("rb-win-firewall-001");
        assertThat(config.evidenceHead()).isEqualTo(EvidenceHead.EMPTY);
        assertThat(config.targets()).hasSize(1);
        assertThat(config.targets().getFirst().id()).isEqualTo(credentialId);
        assertThat(config.targets().getFirst().secret().reveal()).isEqualTo("Pa55w0rd!x");
        assertThat(Await.result(admin.appliances(siteId)).getFirst().publicKey())
                .isEqualTo(appliance.key.publicKey().base64());
    }

    @Test
    void anotherKeyIsRefusedUntilAnOperatorReplacesTheAppliance() {
        String siteId = Await.result(admin.createSite("Rotation"));
        TestAppliance appliance = newAppliance(siteId);
        assertThat(checkin(appliance, appliance.nextCheckin(List.of())).status()).isEqualTo(200);

        appliance.key = ApplianceKey.generate(new SecureRandom());
        Http.Reply refused = checkin(appliance, appliance.nextCheckin(List.of()));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("error").asText())
                .isEqualTo("appliance key does not match the pinned key; an operator must rotate it");

        var replacement = Await.result(admin.replaceAppliance(appliance.id, "tests", "new hardware"));
        assertThat(checkin(appliance, appliance.nextCheckin(List.of())).status()).isEqualTo(401);
        TestAppliance successor = new TestAppliance(replacement.applianceId(), replacement.apiKey());
        successor.key = appliance.key;
        assertThat(checkin(successor, successor.nextCheckin(List.of())).status()).isEqualTo(200);
    }

    @Test
    void unknownApiKeyAndBadSignatureAre401() {
        String siteId = Await.result(admin.createSite("Auth"));
        TestAppliance appliance = newAppliance(siteId);
        byte[] body = TestAppliance.body(appliance.nextCheckin(List.of()));

        Http.Reply unknown = http.signed(Api.CHECKIN, "osk_not-a-key", body, appliance.sign(Api.CHECKIN, body));
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.json().get("error").asText()).isEqualTo("unknown API key");

        RequestSignature.Headers foreign = RequestSignature.sign(ApplianceKey.generate(new SecureRandom()), "POST",
                Api.CHECKIN, java.time.Instant.now(), body);
        assertThat(http.signed(Api.CHECKIN, appliance.apiKey, body, foreign).status()).isEqualTo(401);
        assertThat(http.send("POST", Api.CHECKIN, body, Map.of(Api.API_KEY_HEADER, appliance.apiKey)).status())
                .isEqualTo(401);
        assertThat(count("SELECT count(*) FROM checkins c WHERE c.appliance_id = '" + appliance.id + "'")).isZero();
    }

    @Test
    void oversizeBodyIs413() {
        String siteId = Await.result(admin.createSite("Big"));
        TestAppliance appliance = newAppliance(siteId);
        byte[] body = new byte[RelayConfig.DEFAULT_CHECKIN_BODY_LIMIT + 10];
        java.util.Arrays.fill(body, (byte) ' ');

        Http.Reply reply = http.signed(Api.CHECKIN, appliance.apiKey, body, appliance.sign(Api.CHECKIN, body));

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.json().get("error").asText()).contains("too large");
    }

    @Test
    void malformedOrInvalidCheckinIs400WithAPreciseMessage() {
        String siteId = Await.result(admin.createSite("Malformed"));
        TestAppliance appliance = newAppliance(siteId);
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        Http.Reply malformed = http.signed(Api.CHECKIN, appliance.apiKey, garbage, appliance.sign(Api.CHECKIN, garbage));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("error").asText()).startsWith("malformed JSON");

        var json = appliance.nextCheckin(List.of()).toJson();
        json.remove("seq");
        byte[] invalid = Json.bytes(json);
        Http.Reply missing = http.signed(Api.CHECKIN, appliance.apiKey, invalid, appliance.sign(Api.CHECKIN, invalid));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error").asText()).isEqualTo("checkin.seq is required");
        assertThat(Await.result(admin.appliances(siteId)).getFirst().publicKey()).isNull();
    }

    @Test
    void resentCheckinIsStoredOnceAndStillAnswered() {
        String siteId = Await.result(admin.createSite("Idempotent"));
        TestAppliance appliance = newAppliance(siteId);
        CheckinRequest request = appliance.nextCheckin(List.of());

        assertThat(checkin(appliance, request).status()).isEqualTo(200);
        assertThat(checkin(appliance, request).status()).isEqualTo(200);

        assertThat(count("SELECT count(*) FROM checkins WHERE appliance_id = '" + appliance.id + "'")).isEqualTo(1);
    }

    @Test
    void aSteadyApplianceWritesHistoryOnlyWhenItsStateChangesOrTheIntervalHasPassed() {
        String siteId = Await.result(admin.createSite("Steady"));
        TestAppliance appliance = newAppliance(siteId);
        String history = "SELECT count(*) FROM checkins WHERE appliance_id = '" + appliance.id + "'";
        for (int i = 0; i < 5; i++) {
            assertThat(checkin(appliance, appliance.nextCheckin(List.of())).status()).isEqualTo(200);
        }
        assertThat(count(history)).as("five identical states: one history row").isEqualTo(1);
        assertThat(count("SELECT last_seq FROM appliances WHERE id = '" + appliance.id + "'"))
                .as("the current state took every report").isEqualTo(5);

        assertThat(checkin(appliance, appliance.nextCheckinReportingClock(new ClockReport("trusted",
                "3 of 3 servers agree", 10L, Instant.now(), 3, 3))).status()).isEqualTo(200);
        assertThat(count(history)).as("a changed state is written").isEqualTo(2);
        assertThat(checkin(appliance, appliance.nextCheckinReportingClock(new ClockReport("trusted",
                "3 of 3 servers agree", 12L, Instant.now(), 3, 3))).status()).isEqualTo(200);
        assertThat(count(history)).as("the clock checked again, same verdict: not a change").isEqualTo(2);

        Await.result(admin.sql("UPDATE appliances SET history_at = now() - interval '16 minutes' WHERE id = '"
                + appliance.id + "'"));
        assertThat(checkin(appliance, appliance.nextCheckinReportingClock(new ClockReport("trusted",
                "3 of 3 servers agree", 12L, Instant.now(), 3, 3))).status()).isEqualTo(200);
        assertThat(count(history)).as("the interval passed: written although unchanged").isEqualTo(3);
    }

    @Test
    void anOrderAddedWhileNothingWasPendingRidesTheNextCheckin() {
        String siteId = Await.result(admin.createSite("Pending"));
        TestAppliance appliance = newAppliance(siteId);
        CheckinResponse idle = CheckinResponse.fromJson(checkin(appliance, appliance.nextCheckin(List.of())).json());
        assertThat(idle.orders()).isEmpty();
        assertThat(count("SELECT count(*) FROM appliances WHERE id = '" + appliance.id
                + "' AND pending_gen = pending_seen")).as("nothing pending is noted").isEqualTo(1);

        String orderId = Await.result(admin.addOrder(appliance.id, "scan-now", Json.object()));
        CheckinResponse next = CheckinResponse.fromJson(checkin(appliance, appliance.nextCheckin(List.of())).json());
        assertThat(next.orders()).extracting(o -> o.id()).containsExactly(orderId);
        CheckinResponse again = CheckinResponse.fromJson(checkin(appliance, appliance.nextCheckin(List.of())).json());
        assertThat(again.orders()).as("still pending until acknowledged").extracting(o -> o.id())
                .containsExactly(orderId);
        CheckinResponse acked = CheckinResponse.fromJson(checkin(appliance, appliance.nextCheckin(List.of(orderId)))
                .json());
        assertThat(acked.orders()).isEmpty();
        assertThat(CheckinResponse.fromJson(checkin(appliance, appliance.nextCheckin(List.of())).json()).orders())
                .isEmpty();
    }

    @Test
    void ordersAreSentUntilAcknowledged() {
        String siteId = Await.result(admin.createSite("Orders"));
        TestAppliance appliance = newAppliance(siteId);
        String orderId = Await.result(admin.addOrder(appliance.id, "scan-now", Json.object().put("why", "test")));

        CheckinResponse first = CheckinResponse.fromJson(checkin(appliance, appliance.nextCheckin(List.of())).json());
        assertThat(first.orders()).extracting(o -> o.id()).containsExactly(orderId);
        assertThat(first.orders().getFirst().payload().get("why").asText()).isEqualTo("test");

        CheckinResponse acked = CheckinResponse.fromJson(
                checkin(appliance, appliance.nextCheckin(List.of(orderId))).json());
        assertThat(acked.orders()).isEmpty();
    }

    @Test
    void anotherPartnersRowsAre404() {
        String siteId = Await.result(admin.createSite("Default partner site"));
        String credentialId = Await.result(admin.addCredential(siteId,
                CredentialSpec.of("srv", Transport.SSH, "root", new Secret("x"))));
        String partner = Await.result(admin.createPartner("Other MSP"));
        String otherKey = Await.result(admin.createOperatorKey("other", partner));

        assertThat(http.operator("GET", Api.SITES + "/" + siteId, otherKey, null).status()).isEqualTo(404);
        assertThat(http.operator("GET", Api.SITES + "/" + siteId + "/credentials", otherKey, null).status())
                .isEqualTo(404);
        assertThat(http.operator("POST", Api.SITES + "/" + siteId + "/appliances", otherKey, null).status())
                .isEqualTo(404);
        assertThat(http.operator("DELETE", Api.SITES + "/" + siteId + "/credentials/" + credentialId, otherKey, null)
                .status()).isEqualTo(404);
        assertThat(http.operator("PATCH", Api.SITES + "/" + siteId, otherKey, "{\"dryRun\":true}").status())
                .isEqualTo(404);
        assertThat(http.operator("GET", Api.SITES, otherKey, null).json().get("sites")).isEmpty();
        assertThat(Await.result(admin.site(siteId)).dryRun()).isFalse();
        assertThat(Await.result(admin.listCredentials(siteId))).hasSize(1);
    }

    @Test
    void operatorApiManagesSitesAppliancesAndCredentialsWithoutShowingSecrets() {
        Http.Reply created = http.operator("POST", Api.SITES, operatorKey, "{\"name\":\"Lakeside Clinic\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String siteId = created.json().get("id").asText();
        String path = Api.SITES + "/" + siteId;

        Http.Reply patched = http.operator("PATCH", path, operatorKey,
                "{\"checkinIntervalSeconds\":120,\"healingMode\":\"full-coverage\",\"dryRun\":true,"
                        + "\"enabledRunbooks\":[\"rb-a\",\"rb-b\"]}");
        assertThat(patched.status()).as(patched.text()).isEqualTo(200);
        assertThat(patched.json().get("checkinIntervalSeconds").asInt()).isEqualTo(120);
        assertThat(http.operator("PATCH", path, operatorKey, "{\"healingMode\":\"max\"}").json().get("error").asText())
                .isEqualTo("site.healingMode must be standard or full-coverage, got \"max\"");

        Http.Reply provisioned = http.operator("POST", path + "/appliances", operatorKey, null);
        assertThat(provisioned.status()).isEqualTo(201);
        assertThat(provisioned.json().get("apiKey").asText()).startsWith("osk_");

        Http.Reply badPort = http.operator("POST", path + "/credentials", operatorKey,
                "{\"host\":\"ws1\",\"transport\":\"winrm\",\"port\":70000,\"account\":\"a\",\"secret\":\"s\"}");
        assertThat(badPort.status()).isEqualTo(400);
        assertThat(badPort.json().get("error").asText()).isEqualTo("credential.port must be between 1 and 65535");
        Http.Reply badAuth = http.operator("POST", path + "/credentials", operatorKey,
                "{\"host\":\"ws1\",\"transport\":\"ssh\",\"auth\":\"ntlm\",\"account\":\"a\",\"secret\":\"s\"}");
        assertThat(badAuth.json().get("error").asText()).startsWith("credential.auth: ntlm is not a ssh scheme");

        String secret = "Sup3r-S3cret-Value";
        Http.Reply added = http.operator("POST", path + "/credentials", operatorKey,
                "{\"host\":\"ws1.lakeside.local\",\"transport\":\"winrm\",\"auth\":\"ntlm\",\"account\":\"LAKE\\\\svc\","
                        + "\"secret\":\"" + secret + "\",\"pin\":\"" + "ab".repeat(32) + "\"}");
        assertThat(added.status()).as(added.text()).isEqualTo(201);
        String credentialId = added.json().get("id").asText();

        Http.Reply listed = http.operator("GET", path + "/credentials", operatorKey, null);
        assertThat(listed.text()).doesNotContain(secret).doesNotContain("\"secret\"");
        assertThat(listed.json().get("credentials").get(0).get("id").asText()).isEqualTo(credentialId);

        byte[] ciphertext = Await.result(admin.sql("SELECT secret_ciphertext FROM credentials WHERE id = '"
                + credentialId + "'")).iterator().next().getBuffer(0).getBytes();
        assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain(secret);
        assertThat(count("SELECT count(*) FROM credentials WHERE site_id = '" + siteId + "'")).isEqualTo(1);

        assertThat(http.operator("DELETE", path + "/credentials/" + credentialId, operatorKey, null).status())
                .isEqualTo(204);
        assertThat(http.operator("GET", path + "/credentials", operatorKey, null).json().get("credentials")).isEmpty();
        assertThat(http.operator("GET", Api.SITES, "opk_wrong", null).status()).isEqualTo(401);
    }

    @Test
    void basicOverPlainHttpIsRefusedUnlessItsRiskIsAcceptedWhichIsRecordedAndReachesTheAppliance() {
        String siteId = http.operator("POST", Api.SITES, operatorKey, "{\"name\":\"Cleartext\"}").json().get("id").asText();
        String path = Api.SITES + "/" + siteId + "/credentials";
        String basicHttp = "{\"host\":\"pc07\",\"transport\":\"winrm\",\"port\":5985,\"auth\":\"basic\","
                + "\"account\":\".\\\\admin\",\"secret\":\"Pa55w0rd!x\"";

        Http.Reply refused = http.operator("POST", path, operatorKey, basicHttp + "}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).startsWith("credential.auth: basic over plain http (tls false)"
                + " would send the password in clear text at every scan; use tls (https, port 5986) or ntlm,"
                + " or accept that risk for this one credential with acceptCleartextRisk: true");
        assertThat(count("SELECT count(*) FROM credentials WHERE site_id = '" + siteId + "'")).isZero();
        Http.Reply pointless = http.operator("POST", path, operatorKey, "{\"host\":\"pc08\",\"transport\":\"winrm\","
                + "\"account\":\"a\",\"secret\":\"s\",\"acceptCleartextRisk\":true}");
        assertThat(pointless.status()).isEqualTo(400);
        assertThat(pointless.json().get("error").asText())
                .isEqualTo("credential.acceptCleartextRisk: only for winrm basic over plain http; this credential's"
                        + " transport is https");
        assertThat(count("SELECT count(*) FROM credentials WHERE site_id = '" + siteId + "'")).isZero();

        Http.Reply accepted = http.operator("POST", path, operatorKey, basicHttp + ",\"acceptCleartextRisk\":true}");
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(201);
        JsonNode listed = http.operator("GET", path, operatorKey, null).json().get("credentials").get(0);
        assertThat(listed.get("security").asText()).isEqualTo("cleartext");
        assertThat(listed.get("cleartextRisk").get("acceptedBy").asText()).isEqualTo("operator:tests");
        assertThat(listed.get("cleartextRisk").get("acceptedAt").asText()).isNotBlank();

        TestAppliance appliance = newAppliance(siteId);
        CheckinResponse config = CheckinResponse.fromJson(checkin(appliance, appliance.nextCheckin(List.of())).json());
        assertThat(config.targets()).hasSize(1);
        assertThat(config.targets().getFirst().cleartextRisk().acceptedBy()).isEqualTo("operator:tests");
        assertThat(TargetTransport.of(config.targets().getFirst()).use()).isEqualTo(TargetTransport.Use.ACCEPTED_RISK);
    }

    @Test
    void eachTargetsTransportSecurityFromTheCheckinIsStoredAndShownWithTheSitesAppliances() {
        String siteId = Await.result(admin.createSite("Transports"));
        TestAppliance appliance = newAppliance(siteId);
        Target ntlmHttp = new Target("cred-1", "pc01", Transport.WINRM, 5985, false, "ntlm", "a", new Secret("s"), null);
        Target pinned = new Target("cred-2", "dc01", Transport.WINRM, 5986, true, "ntlm", "a", new Secret("s"),
                "ab".repeat(32));
        Http.Reply reply = checkin(appliance, appliance.nextCheckinReporting(List.of(TargetTransport.of(ntlmHttp),
                TargetTransport.of(pinned))));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);

        JsonNode shown = http.operator("GET", Api.SITES + "/" + siteId + "/appliances", operatorKey, null).json()
                .get("appliances").get(0).get("transports");
        assertThat(shown).hasSize(2);
        assertThat(shown.get(0).get("host").asText()).isEqualTo("pc01");
        assertThat(shown.get(0).get("security").asText()).isEqualTo("ntlm-sealed-http");
        assertThat(shown.get(0).get("use").asText()).isEqualTo("relayable");
        assertThat(shown.get(1).get("security").asText()).isEqualTo("https-pinned");
        assertThat(Await.result(admin.appliances(siteId)).getFirst().transports()).extracting(TargetTransport::security)
                .containsExactly(TransportSecurity.NTLM_SEALED_HTTP, TransportSecurity.HTTPS_PINNED);
        assertThat(count("SELECT count(*) FROM checkins WHERE appliance_id = '" + appliance.id
                + "' AND transports @> '[{\"security\": \"ntlm-sealed-http\"}]'")).isEqualTo(1);
    }

    @Test
    void theAppliancesClockReportAndBootSlotFromTheCheckinAreStoredAndShownWithTheSitesAppliances() {
        String siteId = Await.result(admin.createSite("Clock"));
        TestAppliance appliance = newAppliance(siteId);
        assertThat(Await.result(admin.appliances(siteId)).getFirst().clock()).isNull();
        assertThat(Await.result(admin.appliances(siteId)).getFirst().bootSlot()).as("no report yet").isNull();
        ClockReport untrusted = new ClockReport("untrusted", "2 of 3 servers unreachable: no majority", null,
                Instant.parse("2026-12-02T04:00:00Z"), 3, 1);
        Http.Reply reply = checkin(appliance, appliance.nextCheckinReportingClock(untrusted));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);

        JsonNode shown = http.operator("GET", Api.SITES + "/" + siteId + "/appliances", operatorKey, null).json()
                .get("appliances").get(0).get("clock");
        assertThat(shown.get("state").asText()).isEqualTo("untrusted");
        assertThat(shown.get("reason").asText()).isEqualTo("2 of 3 servers unreachable: no majority");
        assertThat(shown.get("agreeing").asInt()).isEqualTo(1);
        assertThat(shown.has("offsetMicros")).isFalse();
        assertThat(http.operator("GET", Api.SITES + "/" + siteId + "/appliances", operatorKey, null).json()
                .get("appliances").get(0).get("bootSlot").asText()).as("the slot the report names").isEqualTo("a");

        ClockReport trusted = new ClockReport("trusted", "3 of 3 servers agree", 1520L,
                Instant.parse("2026-12-02T04:05:00Z"), 3, 3);
        checkin(appliance, appliance.nextCheckinReportingClock(trusted));
        assertThat(Await.result(admin.appliances(siteId)).getFirst().clock()).isEqualTo(trusted);
        assertThat(count("SELECT count(*) FROM checkins WHERE appliance_id = '" + appliance.id
                + "' AND clock IS NOT NULL")).isEqualTo(2);
    }

    @Test
    void bundlesAreStoredOnceVerifiedAndGapless() {
        String siteId = Await.result(admin.createSite("Evidence"));
        TestAppliance appliance = newAppliance(siteId);
        List<EvidenceRecord> first = appliance.seal(3);
        Http.Reply early = bundle(appliance, first);
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().get("error").asText()).isEqualTo("check in first");

        assertThat(checkin(appliance, appliance.nextCheckin(List.of())).status()).isEqualTo(200);
        Http.Reply stored = bundle(appliance, first);
        assertThat(stored.status()).as(stored.text()).isEqualTo(200);
        assertThat(stored.json().get("stored").asInt()).isEqualTo(3);
        assertThat(stored.json().get("head").get("seq").asLong()).isEqualTo(3);
        assertThat(stored.json().get("head").get("hash").asText()).isEqualTo(first.getLast().hash());

        Http.Reply resent = bundle(appliance, first);
        assertThat(resent.status()).isEqualTo(200);
        assertThat(resent.json().get("stored").asInt()).isZero();
        assertThat(resent.json().get("duplicates").asInt()).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM evidence WHERE appliance_id = '" + appliance.id + "'")).isEqualTo(3);

        List<EvidenceRecord> overlap = new ArrayList<>(first.subList(1, 3));
        overlap.addAll(appliance.seal(2));
        Http.Reply extended = bundle(appliance, overlap);
        assertThat(extended.json().get("stored").asInt()).isEqualTo(2);
        assertThat(extended.json().get("duplicates").asInt()).isEqualTo(2);

        appliance.seal(1); // seq 6 never sent
        Http.Reply gap = bundle(appliance, appliance.seal(2));
        assertThat(gap.status()).isEqualTo(409);
        assertThat(gap.json().get("seq").asLong()).isEqualTo(6);
        assertThat(gap.json().get("head").get("seq").asLong()).isEqualTo(5);

        CheckinResponse config = CheckinResponse.fromJson(checkin(appliance, appliance.nextCheckin(List.of())).json());
        assertThat(config.evidenceHead().seq()).isEqualTo(5);

        Http.Reply page = http.operator("GET", Api.SITES + "/" + siteId + "/evidence?appliance=" + appliance.id,
                operatorKey, null);
        assertThat(page.status()).isEqualTo(200);
        ApplianceKey.PublicKey key = ApplianceKey.PublicKey.fromBase64(page.json().get("publicKey").asText());
        ChainVerifier verifier = ChainVerifier.fromGenesis(key);
        for (JsonNode r : page.json().get("records")) {
            assertThat(verifier.accept(EvidenceRecord.fromJson(r, "record"))).as(String.valueOf(verifier.failure()))
                    .isTrue();
        }
        assertThat(verifier.verified()).isEqualTo(5);
    }

    @Test
    void aTamperedRecordIs422NamingItsSeqAndNothingOfTheBundleIsStored() {
        String siteId = Await.result(admin.createSite("Tamper"));
        TestAppliance appliance = newAppliance(siteId);
        assertThat(checkin(appliance, appliance.nextCheckin(List.of())).status()).isEqualTo(200);
        List<EvidenceRecord> records = new ArrayList<>(appliance.seal(4));
        EvidenceRecord third = records.get(2);
        records.set(2, new EvidenceRecord(third.seq(), third.time(), third.host(), third.checkId(), third.kind(),
                "fail", third.details(), third.prevHash(), third.hash(), third.signature()));

        Http.Reply reply = bundle(appliance, records);

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("seq").asLong()).isEqualTo(3);
        assertThat(reply.json().get("error").asText()).startsWith("record 3: hash mismatch");
        assertThat(count("SELECT count(*) FROM evidence WHERE appliance_id = '" + appliance.id + "'")).isZero();
    }

    @Test
    void theDatabaseRefusesToUpdateOrDeleteEvidence() {
        String siteId = Await.result(admin.createSite("Append only"));
        TestAppliance appliance = newAppliance(siteId);
        checkin(appliance, appliance.nextCheckin(List.of()));
        assertThat(bundle(appliance, appliance.seal(2)).status()).isEqualTo(200);
        String where = " WHERE appliance_id = '" + appliance.id + "'";

        // the relay's own role may not even try; the owner's attempt meets the append-only trigger
        assertThat(Await.failure(admin.sql("UPDATE evidence SET outcome = 'pass'" + where)))
                .hasMessageContaining("permission denied for table evidence");
        assertThat(Await.failure(admin.sql("DELETE FROM evidence" + where)))
                .hasMessageContaining("permission denied for table evidence");
        assertThat(count("SELECT count(*) FROM evidence" + where)).isEqualTo(2);
    }

    @Test
    void healthAndUnknownRoutesAnswerJson() {
        Http.Reply health = http.send("GET", Api.HEALTH, null, Map.of());
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("database").asText()).isEqualTo("ok");

        Http.Reply unknown = http.send("GET", "/api/nothing", null, Map.of());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).contains("/api/nothing");
    }

    @Test
    void ofTwoConcurrentBundlesForTheSameSeqsOnlyOneIsStored() throws Exception {
        String siteId = Await.result(admin.createSite("Race"));
        TestAppliance appliance = newAppliance(siteId);
        checkin(appliance, appliance.nextCheckin(List.of()));
        List<EvidenceRecord> mine = appliance.seal(50);
        appliance.chain.clear();
        List<EvidenceRecord> theirs = appliance.seal(50); // same seqs, other content
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> bundle(appliance, mine));
            var b = pool.submit(() -> bundle(appliance, theirs));
            List<Integer> statuses = List.of(a.get().status(), b.get().status());
            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        } finally {
            pool.shutdown();
        }
        assertThat(count("SELECT count(*) FROM evidence WHERE appliance_id = '" + appliance.id + "'")).isEqualTo(50);
    }

    @Test
    void aSecondRelayOnTheSameDataDirAttachesAndServesHttps(@TempDir Path certDir) throws Exception {
        Path cert = certDir.resolve("cert.pem");
        Path key = certDir.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(openssl.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)
                && openssl.exitValue() == 0, "openssl is needed to make a test certificate");

        Relay tls = Await.result(Relay.start(site.vertx, RelayConfig.defaults(dataDir).withTls(cert, key)));
        try {
            assertThat(tls.baseUrl()).startsWith("https://127.0.0.1:");
            javax.net.ssl.SSLContext trustAll = javax.net.ssl.SSLContext.getInstance("TLS");
            trustAll.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {
                }

                public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {
                }

                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            }}, null);
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().sslContext(trustAll).build();
            var response = client.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(tls.baseUrl() + Api.HEALTH)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.sslSession().orElseThrow().getProtocol()).isIn("TLSv1.2", "TLSv1.3");
            assertThat(tls.databasePort()).isEqualTo(site.relay.databasePort());
        } finally {
            Await.result(tls.close());
        }
        // closing the attached relay left the first relay's PostgreSQL running
        assertThat(http.send("GET", Api.HEALTH, null, Map.of()).status()).isEqualTo(200);
    }
}
