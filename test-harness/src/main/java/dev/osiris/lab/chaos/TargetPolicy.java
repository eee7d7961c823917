package dev.osiris.lab.chaos;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Where a campaign may send attacks: the lab (198.18.0.0/15, the namespace hosts; loopback, the emulators) and
 * any address the engineer named in {@code ALLOWED_TARGETS}. Anything else is refused before a packet is sent.
 */
public final class TargetPolicy {

    private final Set<String> allowed;

    public TargetPolicy(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    /** @throws TargetRefusedException naming the host and how to allow it */
    public void check(String host, String address) {
        if (allowed.contains(address) || allowed.contains(host) || inLab(address)) {
            return;
        }
        throw new TargetRefusedException(host + " (" + address + ") is outside the lab (198.18.0.0/15, loopback);"
                + " name it in ALLOWED_TARGETS in config.env to attack it");
    }

    /** An IP literal in 198.18.0.0/15 or loopback; names are never resolved (DNS could point anywhere). */
    static boolean inLab(String address) {
        if (address == null || !address.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            byte[] b = InetAddress.getByName(address).getAddress();
            if (InetAddress.getByAddress(b).isLoopbackAddress()) {
                return true;
            }
            return b.length == 4 && (b[0] & 0xff) == 198 && ((b[1] & 0xff) & 0xfe) == 18;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A target outside the lab that config.env did not name. */
    public static final class TargetRefusedException extends RuntimeException {
        public TargetRefusedException(String message) {
            super(message);
        }
    }
}
