package dev.osiris.relay.store;

import dev.osiris.protocol.checkin.CleartextRisk;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;

/** A credential as stored: everything in clear except the secret, which stays sealed until a check-in needs it. */
public record StoredCredential(String id, String siteId, String host, Transport transport, int port, boolean tls,
                               String auth, String account, CredentialCipher.Sealed secret, String pin,
                               CleartextRisk cleartextRisk) {

    public Target toTarget(CredentialCipher cipher) {
        return new Target(id, host, transport, port, tls, auth, account, cipher.decrypt(siteId, id, secret), pin,
                cleartextRisk);
    }

    public CredentialView view() {
        return new CredentialView(id, host, transport, port, tls, auth, account, pin, cleartextRisk);
    }
}
