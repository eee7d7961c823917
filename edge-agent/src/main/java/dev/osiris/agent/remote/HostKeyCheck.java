package dev.osiris.agent.remote;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * Verifies one SSH connection's host key: against the target's pin when there is one, else against the site's
 * known hosts, else trust on first use (recorded through {@link KnownHosts.Listener}) or refusal. Remembers why it
 * refused, because sshj only reports a generic "host key not verifiable".
 */
final class HostKeyCheck implements HostKeyVerifier {

    private final KnownHosts knownHosts;
    private final String pin;
    private final boolean trustOnFirstUse;
    private volatile RemoteFailure refusal;
    private volatile String presented;

    HostKeyCheck(KnownHosts knownHosts, String pin, boolean trustOnFirstUse) {
        this.knownHosts = knownHosts;
        this.pin = pin;
        this.trustOnFirstUse = trustOnFirstUse;
    }

    @Override
    public boolean verify(String host, int port, PublicKey key) {
        byte[] encoded = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        String fingerprint = Fingerprints.sha256(encoded);
        presented = fingerprint;
        if (pin != null) {
            return accept(Fingerprints.matches(pin, encoded), host, port, fingerprint, "the pinned fingerprint");
        }
        Optional<String> known = knownHosts.fingerprint(host, port);
        if (known.isPresent()) {
            return accept(Fingerprints.matches(known.get(), encoded), host, port, fingerprint, "the recorded key " + known.get());
        }
        if (trustOnFirstUse) {
            knownHosts.trustFirstUse(host, port, fingerprint);
            return true;
        }
        refusal = new RemoteFailure(RemoteFailure.Reason.HOST_KEY_UNKNOWN,
                host + ":" + port + " presented unknown host key " + fingerprint + " and trust on first use is off");
        return false;
    }

    private boolean accept(boolean matches, String host, int port, String fingerprint, String expected) {
        if (!matches) {
            refusal = new RemoteFailure(RemoteFailure.Reason.HOST_KEY_CHANGED,
                    host + ":" + port + " presented host key " + fingerprint + " which differs from " + expected);
        }
        return matches;
    }

    @Override
    public List<String> findExistingAlgorithms(String host, int port) {
        return List.of();
    }

    /** Why the key was refused, if it was. */
    Optional<RemoteFailure> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** The fingerprint the server presented, once the key exchange got that far. */
    Optional<String> presented() {
        return Optional.ofNullable(presented);
    }
}
