package dev.osiris.lab.bench.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.protocol.checkin.CheckinRequest;
import dev.osiris.protocol.checkin.ComplianceReport;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.checkin.ScanSummary;
import dev.osiris.protocol.checkin.UpdateReport;
import dev.osiris.protocol.evidence.ApplianceKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated appliance of the rollout bench: its own key and report counter, and the update state machine as
 * the agent reports it: an update order is taken (acknowledged), reported {@code downloading} once, then
 * {@code committed}, or {@code rolled-back} when it is one of the injected failures. Touched by one event loop only.
 */
final class SimAppliance {

    final String id;
    final String apiKey;
    final ApplianceKey key;
    long seq;
    boolean fails;
    boolean inFlight;
    private UpdateReport update = new UpdateReport("idle", "", "", null, Instant.EPOCH);
    private final List<String> acks = new ArrayList<>();
    private String lastOrder;

    SimAppliance(String id, String apiKey, ApplianceKey key) {
        this.id = id;
        this.apiKey = apiKey;
        this.key = key;
    }

    CheckinRequest next() {
        seq++;
        return new CheckinRequest(seq, Instant.now(), "1.4.0", seq * 60, "a", key.publicKey().base64(), "ok", "",
                ScanSummary.NONE, EvidenceHead.EMPTY, List.copyOf(acks), List.of(), ComplianceReport.EMPTY, List.of(),
                List.of(), 0, null, update);
    }

    /** The relay answered the report just sent. */
    void answered(JsonNode answer) {
        acks.clear();
        if (update.state().equals("downloading")) {
            update = new UpdateReport(fails ? "rolled-back" : "committed", update.version(),
                    fails ? "health gate failed (injected)" : "", update.rolloutId(), Instant.now());
        }
        for (JsonNode o : answer.path("orders")) {
            String orderId = o.path("id").asText();
            acks.add(orderId);
            if (o.path("type").asText().equals("update") && !orderId.equals(lastOrder)) {
                lastOrder = orderId;
                JsonNode p = o.path("payload");
                update = new UpdateReport("downloading", p.path("version").asText(), "",
                        p.path("rolloutId").asText(null), Instant.now());
            }
        }
    }
}
