package dev.osiris.relay.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.protocol.Api;
import dev.osiris.protocol.checkin.CheckinRequest;
import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.checkin.ComplianceReport;
import dev.osiris.protocol.checkin.Order;
import dev.osiris.protocol.checkin.ScanSummary;
import dev.osiris.protocol.checkin.UpdateReport;
import dev.osiris.testing.Await;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A simulated appliance of a fleet speaking the real check-in protocol (its own key, signed reports): it takes an
 * {@code update} order from an answer, reports {@code downloading} at the next check-in and then {@code committed},
 * or {@code rolled-back} when told to fail, as the agent's updater would.
 */
final class FleetAppliance {

    final TestAppliance appliance;
    final String siteId;
    boolean fails;
    /** Takes the order and never reports a settled state (as an appliance that died mid-update). */
    boolean stalls;
    private UpdateReport update = new UpdateReport("idle", "", "", null, Instant.EPOCH);
    private final List<String> acks = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    final List<Order> updateOrders = new ArrayList<>();
    int lastStatus;

    FleetAppliance(RelayAdmin admin, String siteId) {
        this.appliance = new TestAppliance(Await.result(admin.provisionAppliance(siteId)));
        this.siteId = siteId;
    }

    String id() {
        return appliance.id;
    }

    /** One check-in: report, read the answer, move the simulated update one step. */
    Http.Reply checkin(Http http) {
        appliance.checkinSeq++;
        CheckinRequest request = new CheckinRequest(appliance.checkinSeq, Instant.now(), "1.4.0", 100, "a",
                appliance.key.publicKey().base64(), "ok", "", ScanSummary.NONE, appliance.head(), List.copyOf(acks),
                List.of(), ComplianceReport.EMPTY, List.of(), List.of(), 0, null, update);
        Http.Reply reply = send(http, request);
        lastStatus = reply.status();
        if (reply.status() != 200) {
            return reply;
        }
        acks.clear();
        if (update.state().equals("downloading") && !stalls) {
            update = new UpdateReport(fails ? "rolled-back" : "committed", update.version(),
                    fails ? "health gate: agent did not start" : "", update.rolloutId(), Instant.now());
        }
        for (Order o : CheckinResponse.fromJson(reply.json()).orders()) {
            acks.add(o.id());
            if (o.type().equals("update") && seen.add(o.id())) {
                updateOrders.add(o);
                JsonNode p = o.payload();
                update = new UpdateReport("downloading", p.get("version").asText(), "",
                        p.path("rolloutId").asText(null), Instant.now());
            }
        }
        return reply;
    }

    /** Sends this report as it is (e.g. a second time, as an outbox re-send). */
    Http.Reply send(Http http, CheckinRequest request) {
        byte[] body = TestAppliance.body(request);
        return http.signed(Api.CHECKIN, appliance.apiKey, body, appliance.sign(Api.CHECKIN, body));
    }

    /** A report of the current state claiming to act on {@code rolloutId}. */
    CheckinRequest reportFor(String state, String version, String rolloutId) {
        return reportFor(state, version, rolloutId, Instant.now());
    }

    /** A report of an update state saved at {@code updatedAt}, claiming to act on {@code rolloutId} (null: none). */
    CheckinRequest reportFor(String state, String version, String rolloutId, Instant updatedAt) {
        appliance.checkinSeq++;
        return new CheckinRequest(appliance.checkinSeq, Instant.now(), "1.4.0", 100, "a",
                appliance.key.publicKey().base64(), "ok", "", ScanSummary.NONE, appliance.head(), List.of(),
                List.of(), ComplianceReport.EMPTY, List.of(), List.of(), 0, null,
                new UpdateReport(state, version, "", rolloutId, updatedAt));
    }
}
