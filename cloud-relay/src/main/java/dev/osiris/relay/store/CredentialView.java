package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.CleartextRisk;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.protocol.checkin.TransportSecurity;
import dev.osiris.protocol.json.Json;

/**
 * What operators may see of a credential: everything but the secret.
 *
 * @param cleartextRisk who accepted that its password crosses the network in clear text, and when; or null
 */
public record CredentialView(String id, String host, Transport transport, int port, boolean tls, String auth,
                             String account, String pin, CleartextRisk cleartextRisk) {

    public TransportSecurity security() {
        return TransportSecurity.of(transport, tls, auth, pin);
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("host", host);
        json.put("transport", transport.wire());
        json.put("port", port);
        json.put("tls", tls);
        json.put("auth", auth);
        json.put("account", account);
        if (pin != null) {
            json.put("pin", pin);
        }
        json.put("security", security().wire());
        if (cleartextRisk != null) {
            json.set("cleartextRisk", cleartextRisk.toJson());
        }
        return json;
    }
}
