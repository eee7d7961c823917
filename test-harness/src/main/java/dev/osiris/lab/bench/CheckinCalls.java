package dev.osiris.lab.bench;

import dev.osiris.protocol.Api;
import dev.osiris.protocol.RequestSignature;
import dev.osiris.protocol.checkin.CheckinRequest;
import dev.osiris.protocol.checkin.ComplianceReport;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.checkin.ScanSummary;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

import java.time.Instant;
import java.util.List;

/**
 * Signed check-in requests from many simulated appliances, built before a load step so that signing does not
 * compete with sending. Each appliance's report counter keeps rising across steps, as a real agent's does, so
 * every request is a new report that the relay must commit.
 */
final class CheckinCalls {

    /** One simulated appliance: its API key, its signing key and its report counter. */
    static final class Appliance {
        final String apiKey;
        final ApplianceKey key;
        long seq;

        Appliance(String apiKey, ApplianceKey key) {
            this.apiKey = apiKey;
            this.key = key;
        }
    }

    private final List<Appliance> appliances;

    CheckinCalls(List<Appliance> appliances) {
        this.appliances = appliances;
    }

    /** {@code count} calls, round-robin over the appliances. */
    OpenLoopLoad.Call[] build(int count) {
        OpenLoopLoad.Call[] calls = new OpenLoopLoad.Call[count];
        for (int i = 0; i < count; i++) {
            calls[i] = next(appliances.get(i % appliances.size()));
        }
        return calls;
    }

    static OpenLoopLoad.Call next(Appliance appliance) {
        appliance.seq++;
        CheckinRequest request = new CheckinRequest(appliance.seq, Instant.now(), "bench", appliance.seq * 60, "a",
                appliance.key.publicKey().base64(), "ok", "", ScanSummary.NONE, EvidenceHead.EMPTY, List.of(),
                List.of(), ComplianceReport.EMPTY, List.of());
        byte[] body = Json.bytes(request.toJson());
        // Signed when built: a bench run must start within the relay's signature window (5 minutes by default).
        RequestSignature.Headers signature = RequestSignature.sign(appliance.key, "POST", Api.CHECKIN, Instant.now(),
                body);
        return new OpenLoopLoad.Call(HttpMethod.POST, Api.CHECKIN, new String[]{
                Api.API_KEY_HEADER, appliance.apiKey,
                Api.SIGNATURE_HEADER, signature.signature(),
                Api.TIMESTAMP_HEADER, signature.timestamp(),
                "Content-Type", "application/json"}, Buffer.buffer(body));
    }

    static OpenLoopLoad.Call health() {
        return new OpenLoopLoad.Call(HttpMethod.GET, Api.HEALTH, new String[0], null);
    }
}
