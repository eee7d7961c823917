package dev.osiris.relay.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.protocol.Api;
import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.ChainVerifier;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.relay.auth.ApiKeys;
import dev.osiris.relay.fleet.Fleet;
import dev.osiris.relay.store.ApplianceStatus;
import dev.osiris.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replacing an appliance, and revoking keys, against two relays over one embedded PostgreSQL: what one relay
 * (or the CLI) revokes, the other refuses from the next request on.
 */
class ReplacementIT {

    @TempDir
    static Path dataDir;

    static TestRelay site;
    static Relay relay;
    static Relay second;
    static RelayAdmin admin;
    static Http http;
    static Http secondHttp;
    static String operatorKey;

    @BeforeAll
    static void start() {
        site = TestRelay.start(RelayConfig.defaults(dataDir), "tests");
        relay = site.relay;
        second = site.another(RelayConfig.defaults(dataDir));
        admin = site.admin;
        http = site.http;
        secondHttp = new Http(second.baseUrl());
        operatorKey = site.operatorKey;
    }

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
    }

    private static Http.Reply checkin(Http via, TestAppliance appliance) {
        byte[] body = TestAppliance.body(appliance.nextCheckin(List.of()));
        return via.signed(Api.CHECKIN, appliance.apiKey, body, appliance.sign(Api.CHECKIN, body));
    }

    private static Http.Reply bundle(TestAppliance appliance, List<EvidenceRecord> records) {
        byte[] body = appliance.bundleBody(records);
        return http.signed(Api.EVIDENCE_BUNDLES, appliance.apiKey, body, appliance.sign(Api.EVIDENCE_BUNDLES, body));
    }

    private static ApplianceStatus status(String siteId, String applianceId) {
        return Await.result(admin.appliances(siteId)).stream().filter(a -> a.id().equals(applianceId))
                .findFirst().orElseThrow();
    }

    @Test
    void aReplacementChecksInUploadsANewChainAndTheOldChainStaysVerifiableAndEnded() {
        String siteId = Await.result(admin.createSite("Replaced clinic"));
        TestAppliance old = new TestAppliance(Await.result(admin.provisionAppliance(siteId)));
        for (int i = 0; i < 5; i++) {
            assertThat(checkin(http, old).status()).isEqualTo(200);
        }
        assertThat(bundle(old, old.seal(3)).status()).isEqualTo(200);
        EvidenceHead oldHead = old.head();

        Http.Reply replaced = http.operator("POST", Api.SITES + "/" + siteId + "/appliances/" + old.id + "/replace",
                operatorKey, "{\"reason\":\"data directory lost\"}");
        assertThat(replaced.status()).as(replaced.text()).isEqualTo(201);
        assertThat(replaced.json().get("replaces").asText()).isEqualTo(old.id);
        TestAppliance fresh = new TestAppliance(replaced.json().get("applianceId").asText(),
                replaced.json().get("apiKey").asText());

        assertThat(checkin(http, old).status()).isEqualTo(401);
        assertThat(checkin(secondHttp, old).status()).isEqualTo(401);

        // a new data directory: check-ins from seq 1 again, an empty chain
        Http.Reply first = checkin(http, fresh);
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        CheckinResponse config = CheckinResponse.fromJson(first.json());
        assertThat(config.applianceId()).isEqualTo(fresh.id);
        assertThat(config.evidenceHead()).isEqualTo(EvidenceHead.EMPTY);
        assertThat(config.replaces()).hasValueSatisfying(r -> {
            assertThat(r.applianceId()).isEqualTo(old.id);
            assertThat(r.finalHead()).isEqualTo(oldHead);
            assertThat(r.reason()).isEqualTo("data directory lost");
            assertThat(r.endedBy()).isEqualTo("operator tests (" + keyId(operatorKey) + ")");
        });
        assertThat(bundle(fresh, fresh.seal(2)).status()).isEqualTo(200);
        Http.Reply later = checkin(http, fresh);
        assertThat(later.status()).isEqualTo(200);
        assertThat(CheckinResponse.fromJson(later.json()).replaces()).as("told until its chain reached the relay")
                .isEmpty();

        ApplianceStatus now = status(siteId, fresh.id);
        assertThat(now.evidenceHead()).isEqualTo(fresh.head());
        assertThat(now.lastCheckinAt()).isNotNull();
        assertThat(now.replaces()).isEqualTo(old.id);
        assertThat(count("SELECT last_seq FROM appliances WHERE id = '" + fresh.id + "'")).isEqualTo(2);

        ApplianceStatus ended = status(siteId, old.id);
        assertThat(ended.replacedBy()).isEqualTo(fresh.id);
        assertThat(ended.endedAt()).isNotNull();
        assertThat(ended.endedReason()).isEqualTo("data directory lost");
        assertThat(ended.evidenceHead()).isEqualTo(oldHead);
        assertThat(verifiedRecords(siteId, old.id)).isEqualTo(3);
        assertThat(verifiedRecords(siteId, fresh.id)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'appliance.replace' AND subject = '"
                + old.id + "'")).isEqualTo(1);
    }

    @Test
    void aReplacedApplianceCannotBeReplacedTwiceNorByAnotherPartner() {
        String siteId = Await.result(admin.createSite("Twice"));
        String id = Await.result(admin.provisionAppliance(siteId)).applianceId();
        String partner = Await.result(admin.createPartner("Other MSP"));
        String theirKey = Await.result(admin.createOperatorKey("them", partner));

        Http.Reply theirs = http.operator("POST", Api.SITES + "/" + siteId + "/appliances/" + id + "/replace",
                theirKey, null);
        assertThat(theirs.status()).isEqualTo(404);
        Fleet.Replacement r = Await.result(admin.replaceAppliance(id, "tests", ""));
        assertThat(Await.failure(admin.replaceAppliance(id, "tests", ""))).hasMessage("appliance " + id
                + ": it was replaced already by " + r.applianceId());
    }

    @Test
    void aRevokedOperatorKeyFailsAtOnceOnEveryRelay() {
        String key = Await.result(admin.createOperatorKey("to-revoke"));
        assertThat(http.operator("GET", Api.SITES, key, null).status()).isEqualTo(200);
        assertThat(secondHttp.operator("GET", Api.SITES, key, null).status()).isEqualTo(200);

        Http.Reply revoked = http.operator("DELETE", Api.KEYS + "/" + keyId(key), operatorKey, null);
        assertThat(revoked.status()).as(revoked.text()).isEqualTo(204);

        assertThat(secondHttp.operator("GET", Api.SITES, key, null).status()).isEqualTo(401);
        assertThat(http.operator("GET", Api.SITES, key, null).status()).isEqualTo(401);
        assertThat(http.operator("DELETE", Api.KEYS + "/" + keyId(key), operatorKey, null).status())
                .isEqualTo(409);
    }

    @Test
    void aRevokedApplianceKeyFailsAtOnceOnEveryRelay() {
        String siteId = Await.result(admin.createSite("Revoked"));
        TestAppliance appliance = new TestAppliance(Await.result(admin.provisionAppliance(siteId)));
        assertThat(checkin(secondHttp, appliance).status()).isEqualTo(200);
        assertThat(checkin(http, appliance).status()).isEqualTo(200);

        Await.result(second.admin().revokeKey(appliance.id, "tests"));

        assertThat(checkin(http, appliance).status()).isEqualTo(401);
        assertThat(checkin(secondHttp, appliance).status()).isEqualTo(401);
        assertThat(bundle(appliance, appliance.seal(1)).status()).isEqualTo(401);
    }

    @Test
    void keysAreListedByNameAndTimesOnlyForTheirPartner() {
        String siteId = Await.result(admin.createSite("Listed"));
        String applianceId = Await.result(admin.provisionAppliance(siteId)).applianceId();
        String partner = Await.result(admin.createPartner("Listing MSP"));
        String theirKey = Await.result(admin.createOperatorKey("theirs", partner));

        Http.Reply mine = http.operator("GET", Api.KEYS, operatorKey, null);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.text()).contains(keyId(operatorKey)).contains(applianceId).doesNotContain(keyId(theirKey))
                .doesNotContain("opk_").doesNotContain("osk_").doesNotContain(ApiKeys.sha256Hex(operatorKey));
        JsonNode own = null;
        for (JsonNode k : mine.json().get("keys")) {
            if (k.get("id").asText().equals(keyId(operatorKey))) {
                own = k;
            }
        }
        assertThat(own).isNotNull();
        assertThat(own.get("name").asText()).isEqualTo("tests");
        assertThat(own.get("createdAt").asText()).isNotEmpty();
        assertThat(own.get("lastUsedAt").isNull()).isFalse();

        assertThat(http.operator("DELETE", Api.KEYS + "/" + applianceId, theirKey, null).status()).isEqualTo(404);
        assertThat(http.operator("DELETE", Api.KEYS + "/" + keyId(operatorKey), theirKey, null).status())
                .isEqualTo(404);
        assertThat(http.operator("GET", Api.KEYS, operatorKey, null).status()).isEqualTo(200);
    }

    private static int verifiedRecords(String siteId, String applianceId) {
        Http.Reply page = http.operator("GET", Api.SITES + "/" + siteId + "/evidence?appliance=" + applianceId,
                operatorKey, null);
        assertThat(page.status()).isEqualTo(200);
        ChainVerifier verifier = ChainVerifier.fromGenesis(
                ApplianceKey.PublicKey.fromBase64(page.json().get("publicKey").asText()));
        for (JsonNode r : page.json().get("records")) {
            assertThat(verifier.accept(EvidenceRecord.fromJson(r, "record"))).as(String.valueOf(verifier.failure()))
                    .isTrue();
        }
        return (int) verifier.verified();
    }

    private static long count(String sql) {
        return Await.result(admin.sql(sql)).iterator().next().getLong(0);
    }

    private static String keyId(String key) {
        return "opk-" + ApiKeys.sha256Hex(key).substring(0, 16);
    }
}
