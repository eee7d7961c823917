package dev.osiris.protocol.checkin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;

import java.time.Instant;

/**
 * The appliance's clock as its last check against NTP servers found it, in each check-in (optional on the wire:
 * absent when the appliance does not check its clock, or has not yet).
 *
 * @param state        trusted or untrusted
 * @param reason       the verdict in words
 * @param offsetMicros microseconds the servers' agreed time is ahead of the appliance's clock; null without agreement
 * @param checkedAt    when the check ended (the appliance's clock)
 * @param servers      servers asked
 * @param agreeing     servers whose answers agree (the truechimers)
 */
public record ClockReport(String state, String reason, Long offsetMicros, Instant checkedAt, int servers, int agreeing) {

    public static final int MAX_REASON = 1_000;
    public static final int MAX_SERVERS = 16;

    public ClockReport {
        if (!"trusted".equals(state) && !"untrusted".equals(state)) {
            throw new IllegalArgumentException("clock state must be trusted or untrusted, got \"" + state + "\"");
        }
        if (agreeing < 0 || agreeing > servers || servers > MAX_SERVERS) {
            throw new IllegalArgumentException("clock: agreeing servers must be between 0 and servers (at most "
                    + MAX_SERVERS + ")");
        }
    }

    public boolean trusted() {
        return state.equals("trusted");
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object().put("state", state).put("reason", reason).put("checkedAt", checkedAt.toString())
                .put("servers", servers).put("agreeing", agreeing);
        if (offsetMicros != null) {
            json.put("offsetMicros", offsetMicros);
        }
        return json;
    }

    /** Decodes strictly; unknown fields are refused with their path. */
    public static ClockReport read(Fields f) {
        String state = f.requireToken("state");
        if (!state.equals("trusted") && !state.equals("untrusted")) {
            throw new InvalidMessageException(f.path("state") + " must be trusted or untrusted, got \"" + state + "\"");
        }
        int servers = f.requireInt("servers", 0, MAX_SERVERS);
        int agreeing = f.requireInt("agreeing", 0, servers);
        ClockReport report = new ClockReport(state, f.requireText("reason", MAX_REASON),
                f.has("offsetMicros") ? f.requireLong("offsetMicros") : null, f.requireInstant("checkedAt"), servers,
                agreeing);
        f.refuseUnknown();
        return report;
    }
}
