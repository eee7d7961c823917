package dev.osiris.lab.windows.wsman;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.osiris.lab.windows.wsman.ntlm.FuzzSessions;
import dev.osiris.lab.windows.wsman.ntlm.NtlmException;

import static dev.osiris.testing.fuzz.FuzzContract.parsesOrRefuses;

/** A sealed request body (multipart/encrypted over NTLM): any bytes are a plaintext or an {@link NtlmException}. */
class EncryptedBodyFuzzTest {

    @FuzzTest
    void anyBodyOpensOrIsRefused(byte[] body) {
        parsesOrRefuses(NtlmException.class, () -> EncryptedBody.open(body, FuzzSessions.session()));
    }
}
