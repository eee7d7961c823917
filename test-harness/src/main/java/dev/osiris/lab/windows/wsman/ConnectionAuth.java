package dev.osiris.lab.windows.wsman;

import dev.osiris.lab.windows.wsman.ntlm.NtlmServer;
import dev.osiris.lab.windows.wsman.ntlm.NtlmSession;

/** NTLM state of one TCP connection: a pending challenge, then the authenticated session. */
final class ConnectionAuth {
    NtlmServer.Challenge pendingChallenge;
    NtlmSession session;
}
