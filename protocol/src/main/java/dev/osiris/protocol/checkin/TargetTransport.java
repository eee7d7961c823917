package dev.osiris.protocol.checkin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;

/**
 * One target's transport security as the appliance reports it at each check-in (and shows in its status).
 *
 * @param id        the credential id
 * @param security  how the way to the host protects the credential
 * @param use       what the appliance does with it
 * @param risk      who accepted the cleartext risk and when, for {@link Use#ACCEPTED_RISK}; otherwise null
 */
public record TargetTransport(String id, String host, Transport transport, int port, TransportSecurity security,
                              Use use, CleartextRisk risk) {

    /** What the appliance does with a target's transport. */
    public enum Use {
        /** Used; nothing to say. */
        OK("ok"),
        /** Used, with a warning: NTLM over plain HTTP can be relayed. */
        RELAYABLE("relayable"),
        /** Not used: Basic over plain HTTP that nobody accepted. */
        REFUSED("refused"),
        /** Used although cleartext, because the partner accepted the risk for this credential; a failing control. */
        ACCEPTED_RISK("accepted-risk");

        private final String wire;

        Use(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        static Use fromWire(String value, String path) {
            for (Use u : values()) {
                if (u.wire.equals(value)) {
                    return u;
                }
            }
            throw new InvalidMessageException(path + " must be ok, relayable, refused or accepted-risk, got \"" + value + "\"");
        }
    }

    public static final int MAX = 1_000;

    /** What the appliance makes of a target from its configuration. */
    public static TargetTransport of(Target target) {
        TransportSecurity security = TransportSecurity.of(target);
        Use use = switch (security) {
            case CLEARTEXT -> target.cleartextRisk() == null ? Use.REFUSED : Use.ACCEPTED_RISK;
            case NTLM_SEALED_HTTP -> Use.RELAYABLE;
            default -> Use.OK;
        };
        return new TargetTransport(target.id(), target.host(), target.transport(), target.port(), security, use,
                use == Use.ACCEPTED_RISK ? target.cleartextRisk() : null);
    }

    /** The state in words, for status lines. */
    public String describe() {
        return switch (use) {
            case OK -> security.wire();
            case RELAYABLE -> security.wire() + " (warning: NTLM over plain HTTP can be relayed; use HTTPS with a pinned"
                    + " certificate)";
            case REFUSED -> security.wire() + " (refused: Basic over plain HTTP would send the password in clear text;"
                    + " use HTTPS or NTLM, or accept the risk for this credential at the relay)";
            case ACCEPTED_RISK -> security.wire() + " (risk accepted by " + risk.acceptedBy() + " at " + risk.acceptedAt()
                    + "; counted as a failing transmission-security control)";
        };
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("host", host);
        json.put("transport", transport.wire());
        json.put("port", port);
        json.put("security", security.wire());
        json.put("use", use.wire());
        if (risk != null) {
            json.set("cleartextRisk", risk.toJson());
        }
        return json;
    }

    public static TargetTransport fromJson(JsonNode node, String path) {
        return read(new Fields(node, path));
    }

    /** Reads one target's state with the strictness of {@code f}; a risk comes with accepted-risk and only then. */
    public static TargetTransport read(Fields f) {
        Use use = Use.fromWire(f.requireToken("use"), f.path("use"));
        CleartextRisk risk = f.has("cleartextRisk") ? CleartextRisk.read(f.object("cleartextRisk")) : null;
        if ((use == Use.ACCEPTED_RISK) != (risk != null)) {
            throw new InvalidMessageException(f.path("cleartextRisk")
                    + " is required with use accepted-risk, and only then");
        }
        TargetTransport state = new TargetTransport(f.requireName("id", 64), f.requireName("host", 255),
                Transport.fromWire(f.requireString("transport"), f.path("transport")), f.requireInt("port", 1, 65535),
                TransportSecurity.fromWire(f.requireString("security"), f.path("security")), use, risk);
        f.refuseUnknown();
        return state;
    }
}
