package dev.osiris.lab.windows.wsman.ntlm;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.osiris.lab.windows.model.WindowsHost;

import java.time.Instant;
import java.util.List;

import static dev.osiris.testing.fuzz.FuzzContract.parsesOrRefuses;

/**
 * The emulator's NTLM leg, as a client's Authorization header reaches it: any token has a message type, any token
 * taken as NEGOTIATE gets a CHALLENGE, and any token taken as AUTHENTICATE gives a session, none, or an
 * {@link NtlmException} (which the handler answers with a fresh 401).
 */
class NtlmServerFuzzTest {

    private static final NtlmServer SERVER = new NtlmServer("NVDENTAL", "NVWS01", "nvdental.local");
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @FuzzTest
    void anyTokenIsAMessageOrARefusal(byte[] token) {
        NtlmServer.messageType(token);
        NtlmServer.Challenge challenge = SERVER.challenge(token, NOW);
        parsesOrRefuses(NtlmException.class, () -> SERVER.authenticate(token, challenge,
                List.of(WindowsHost.LOCAL_ACCOUNT), "NVWS01"));
    }
}
