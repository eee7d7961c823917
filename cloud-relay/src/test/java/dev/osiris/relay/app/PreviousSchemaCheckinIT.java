package dev.osiris.relay.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.Api;
import dev.osiris.protocol.checkin.CheckinRequest;
import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.checkin.ComplianceReport;
import dev.osiris.protocol.checkin.ScanSummary;
import dev.osiris.protocol.checkin.UpdateReport;
import dev.osiris.protocol.json.Json;
import dev.osiris.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mixed versions are the normal state of a fleet during a rollout: an appliance of the previous release (check-in
 * schema {@value CheckinRequest#PREVIOUS_SCHEMA}, no update state) is accepted by this relay and answered in the
 * schema it reads, next to one of this release whose update state is stored. A protocol change that breaks the
 * previous schema fails here.
 */
class PreviousSchemaCheckinIT {

    @TempDir
    static Path dataDir;
    static TestRelay site;

    @BeforeAll
    static void start() {
        site = TestRelay.start(RelayConfig.defaults(dataDir), "ops");
    }

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
    }

    private static CheckinRequest report(TestAppliance a, UpdateReport update) {
        a.checkinSeq++;
        return new CheckinRequest(a.checkinSeq, Instant.now(), "1.3.0", 100, "a", a.key.publicKey().base64(), "ok", "",
                ScanSummary.NONE, a.head(), List.of(), List.of(), ComplianceReport.EMPTY, List.of(), List.of(), 0, null,
                update);
    }

    private static Http.Reply send(TestAppliance a, ObjectNode json) {
        byte[] body = Json.bytes(json);
        return site.http.signed(Api.CHECKIN, a.apiKey, body, a.sign(Api.CHECKIN, body));
    }

    @Test
    void anApplianceOfThePreviousReleaseIsAcceptedAndAnsweredInItsSchema() {
        String siteId = Await.result(site.admin.createSite("Mixed office"));
        TestAppliance old = new TestAppliance(Await.result(site.admin.provisionAppliance(siteId)));
        // built as the previous release's agent builds it: schema 1, no update field
        ObjectNode previous = report(old, null).toJson(CheckinRequest.PREVIOUS_SCHEMA);
        assertThat(previous.get("schema").intValue()).isEqualTo(1);
        assertThat(previous.has("update")).isFalse();
        Http.Reply reply = send(old, previous);
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        assertThat(reply.json().get("schema").intValue()).isEqualTo(CheckinResponse.SCHEMA);
        assertThat(CheckinResponse.fromJson(reply.json()).applianceId()).isEqualTo(old.id);
        assertThat(Await.result(site.admin.sql("SELECT count(*) FROM appliance_update_state WHERE appliance_id = '"
                + old.id + "'")).iterator().next().getLong(0)).isZero();

        TestAppliance current = new TestAppliance(Await.result(site.admin.provisionAppliance(siteId)));
        UpdateReport committed = new UpdateReport("committed", "1.4.0", "", null, Instant.now());
        assertThat(send(current, report(current, committed).toJson()).status()).isEqualTo(200);
        assertThat(Await.result(site.admin.sql("SELECT state || ' ' || version FROM appliance_update_state"
                + " WHERE appliance_id = '" + current.id + "'")).iterator().next().getString(0))
                .isEqualTo("committed 1.4.0");
    }

    @Test
    void aPreviousSchemaReportCarryingAnUpdateStateIsRefusedNamingTheField() {
        String siteId = Await.result(site.admin.createSite("Strict mixed office"));
        TestAppliance old = new TestAppliance(Await.result(site.admin.provisionAppliance(siteId)));
        ObjectNode json = report(old, null).toJson(CheckinRequest.PREVIOUS_SCHEMA);
        json.set("update", new UpdateReport("committed", "1.4.0", "", null, Instant.now()).toJson());
        Http.Reply reply = send(old, json);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).contains("checkin.update");
    }
}
