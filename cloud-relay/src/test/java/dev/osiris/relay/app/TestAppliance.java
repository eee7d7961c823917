package dev.osiris.relay.app;

import dev.osiris.protocol.Api;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.Api;
import dev.osiris.protocol.RequestSignature;
import dev.osiris.protocol.checkin.CheckinRequest;
import dev.osiris.protocol.checkin.ComplianceReport;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.checkin.Incident;
import dev.osiris.protocol.checkin.ScanSummary;
import dev.osiris.protocol.checkin.TargetTransport;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.EvidenceBundle;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.evidence.EvidenceSealer;
import dev.osiris.protocol.json.Json;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A simulated appliance: real Ed25519 key, a local evidence chain, signed check-in and bundle bodies. */
final class TestAppliance {

    final String id;
    final String apiKey;
    ApplianceKey key = ApplianceKey.generate(new SecureRandom());
    final List<EvidenceRecord> chain = new ArrayList<>();
    long checkinSeq;

    TestAppliance(RelayAdmin.Provisioned provisioned) {
        this(provisioned.applianceId(), provisioned.apiKey());
    }

    /** A fresh appliance (new key pair, empty chain, check-ins from seq 1) with the given identity. */
    TestAppliance(String id, String apiKey) {
        this.id = id;
        this.apiKey = apiKey;
    }

    CheckinRequest nextCheckin(List<String> ackedOrders) {
        return nextCheckin(ackedOrders, List.of(), ComplianceReport.EMPTY, List.of());
    }

    CheckinRequest nextCheckin(List<String> ackedOrders, List<Incident> incidents, ComplianceReport compliance,
                               List<String> ackedResolutions) {
        checkinSeq++;
        return new CheckinRequest(checkinSeq, Instant.now(), "1.2.3", 100, "a", key.publicKey().base64(), "ok", "",
                ScanSummary.NONE, head(), ackedOrders, incidents, compliance, ackedResolutions);
    }

    /** The next report, saying how each target's transport protects its credential. */
    CheckinRequest nextCheckinReporting(List<TargetTransport> transports) {
        checkinSeq++;
        return new CheckinRequest(checkinSeq, Instant.now(), "1.2.3", 100, "a", key.publicKey().base64(), "ok", "",
                ScanSummary.NONE, head(), List.of(), List.of(), ComplianceReport.EMPTY, List.of(), transports);
    }

    /** The next report, with the appliance's clock as its NTP check found it. */
    CheckinRequest nextCheckinReportingClock(dev.osiris.protocol.checkin.ClockReport clock) {
        checkinSeq++;
        return new CheckinRequest(checkinSeq, Instant.now(), "1.2.3", 100, "a", key.publicKey().base64(), "ok", "",
                ScanSummary.NONE, head(), List.of(), List.of(), ComplianceReport.EMPTY, List.of(), List.of(), 0, clock);
    }

    EvidenceHead head() {
        return chain.isEmpty() ? EvidenceHead.EMPTY
                : new EvidenceHead(chain.getLast().seq(), chain.getLast().hash());
    }

    /** Seals {@code n} more records onto the local chain and returns them. */
    List<EvidenceRecord> seal(int n) {
        EvidenceSealer sealer = new EvidenceSealer(key);
        List<EvidenceRecord> fresh = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            EvidenceHead head = head();
            ObjectNode details = Json.object().put("n", head.seq() + 1).put("note", "firewall on");
            EvidenceRecord r = sealer.seal(head.seq() + 1, head.hash(), new EvidenceSealer.Entry(Instant.now(),
                    "ws-01", "RB-WIN-FIREWALL-001", EvidenceKind.DETECT, "pass", details));
            chain.add(r);
            fresh.add(r);
        }
        return fresh;
    }

    byte[] bundleBody(List<EvidenceRecord> records) {
        return Json.bytes(new EvidenceBundle(key.publicKey().base64(), records).toJson());
    }

    static byte[] body(CheckinRequest request) {
        return Json.bytes(request.toJson());
    }

    /** Signs a POST of {@code body} to {@code path}, now. */
    RequestSignature.Headers sign(String path, byte[] body) {
        return RequestSignature.sign(key, "POST", path, Instant.now(), body);
    }

    /** The headers of a GET of {@code path} signed now with this appliance's key, as the agent's updater sends. */
    Map<String, String> signedGet(String path) {
        RequestSignature.Headers h = RequestSignature.sign(key, "GET", path, Instant.now(), new byte[0]);
        return Map.of(Api.API_KEY_HEADER, apiKey, Api.SIGNATURE_HEADER, h.signature(), Api.TIMESTAMP_HEADER,
                h.timestamp());
    }

    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
