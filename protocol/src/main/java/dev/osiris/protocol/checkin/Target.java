package dev.osiris.protocol.checkin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;

/**
 * A host the appliance manages and the credential to reach it, as delivered with each check-in.
 *
 * @param id         the credential id at the relay
 * @param host       DNS name or address
 * @param transport  winrm or ssh
 * @param port       TCP port
 * @param tls        WinRM over HTTPS (always true for ssh, which encrypts anyway)
 * @param auth       ntlm or basic for winrm; password or key for ssh
 * @param account    .&#92;user, DOMAIN&#92;user or a Unix user name
 * @param secret     password or private key; never logged, never written to the appliance's disk
 * @param pin        SHA-256 fingerprint of the host's TLS certificate or SSH host key, or null
 * @param cleartextRisk who accepted, for this credential, that Basic over plain HTTP sends the password in clear
 *                   text, and when; null when nobody did (the appliance then refuses to use such a credential)
 */
public record Target(String id, String host, Transport transport, int port, boolean tls, String auth,
                     String account, Secret secret, String pin, CleartextRisk cleartextRisk) {

    /** A target whose cleartext risk nobody accepted. */
    public Target(String id, String host, Transport transport, int port, boolean tls, String auth, String account,
                  Secret secret, String pin) {
        this(id, host, transport, port, tls, auth, account, secret, pin, null);
    }

    /** How well the way to the host protects the credential. */
    public TransportSecurity security() {
        return TransportSecurity.of(this);
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
        json.put("secret", secret.reveal());
        if (pin != null) {
            json.put("pin", pin);
        }
        if (cleartextRisk != null) {
            json.set("cleartextRisk", cleartextRisk.toJson());
        }
        return json;
    }

    public static Target fromJson(JsonNode node, String path) {
        return read(Fields.lenient(node, path));
    }

    public static Target read(Fields f) {
        Transport transport = Transport.fromWire(f.requireString("transport"), f.path("transport"));
        String auth = f.requireToken("auth");
        if (!transport.accepts(auth)) {
            throw new InvalidMessageException(f.path("auth") + ": " + auth + " is not a " + transport.wire() + " scheme");
        }
        Target target = new Target(f.requireName("id", 64), f.requireName("host", 255), transport,
                f.requireInt("port", 1, 65535), f.requireBoolean("tls"), auth, f.requireName("account", 255),
                new Secret(f.requireText("secret", 16 * 1024)), f.has("pin") ? f.requireName("pin", 128) : null,
                f.has("cleartextRisk") ? CleartextRisk.read(f.object("cleartextRisk")) : null);
        f.refuseUnknown();
        return target;
    }

    @Override
    public String toString() {
        return "Target[" + transport.wire() + "://" + account + "@" + host + ":" + port + "]";
    }
}
