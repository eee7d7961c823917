package dev.osiris.protocol.checkin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;

import java.time.Instant;

/** What the last scan found, as reported in a check-in; {@code lastScanAt} is null before the first scan. */
public record ScanSummary(int hostsScanned, int hostsUnreachable, int checksRun, int drifted, int healed,
                          int escalated, Instant lastScanAt) {

    public static final ScanSummary NONE = new ScanSummary(0, 0, 0, 0, 0, 0, null);

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("hostsScanned", hostsScanned);
        json.put("hostsUnreachable", hostsUnreachable);
        json.put("checksRun", checksRun);
        json.put("drifted", drifted);
        json.put("healed", healed);
        json.put("escalated", escalated);
        if (lastScanAt != null) {
            json.put("lastScanAt", lastScanAt.toString());
        }
        return json;
    }

    public static ScanSummary fromJson(JsonNode node, String path) {
        return read(new Fields(node, path));
    }

    public static ScanSummary read(Fields f) {
        int max = 1_000_000;
        ScanSummary scan = new ScanSummary(f.requireInt("hostsScanned", 0, max),
                f.requireInt("hostsUnreachable", 0, max), f.requireInt("checksRun", 0, max),
                f.requireInt("drifted", 0, max), f.requireInt("healed", 0, max), f.requireInt("escalated", 0, max),
                f.optionalInstant("lastScanAt"));
        f.refuseUnknown();
        return scan;
    }
}
