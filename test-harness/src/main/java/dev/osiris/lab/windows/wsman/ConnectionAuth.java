package dev.osiris.lab.windows.wsman;

import dev.osiris.lab.windows.wsman.ntlm.NtlmServer;
import dev.osiris.lab.windows.wsman.ntlm.NtlmSession;
import java.util.concurrent.atomic.AtomicLong;

/** NTLM state of one TCP connection: a pending challenge, then the authenticated session. */
final class ConnectionAuth {
    private static final AtomicLong CONNECTIONS = new AtomicLong();

    private final long id = CONNECTIONS.incrementAndGet();
    private final String peer;
    NtlmServer.Challenge pendingChallenge;
    NtlmSession session;

    ConnectionAuth(String peer) {
        this.peer = peer;
    }

    @Override
    public String toString() {
        return "conn#" + id + " " + peer;
    }
}
