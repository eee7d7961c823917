package dev.osiris.agent.remote;

import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.evidence.EvidenceSealer;
import dev.osiris.protocol.json.Json;

import java.time.Instant;

/** The signed record of an SSH host key this agent trusted on first use: which host, port and key, and when. */
public final class HostKeyEvidence {

    static final String CHECK_ID = "remote.hostkey";

    private HostKeyEvidence() {
    }

    public static EvidenceSealer.Entry trustedOnFirstUse(Instant at, String host, int port, String fingerprint) {
        return new EvidenceSealer.Entry(at, host, CHECK_ID, EvidenceKind.REMOTE, "trusted-on-first-use",
                Json.object().put("port", port).put("fingerprint", fingerprint));
    }
}
