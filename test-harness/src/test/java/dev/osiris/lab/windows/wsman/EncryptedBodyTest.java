package dev.osiris.lab.windows.wsman;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osiris.lab.windows.wsman.ntlm.FuzzSessions;
import dev.osiris.lab.windows.wsman.ntlm.NtlmException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EncryptedBodyTest {

    private static byte[] body(String length) {
        String head = "--Encrypted Boundary\r\n\tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n"
                + "\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=" + length + "\r\n"
                + "--Encrypted Boundary\r\n\tContent-Type: application/octet-stream\r\n";
        return (head + "\u0010\0\0\0" + "0123456789abcdef" + "sealed" + "--Encrypted Boundary--\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void lengthBeyondAnIntIsRefusedAsMalformed() {
        // found by EncryptedBodyFuzzTest: Integer.parseInt threw NumberFormatException, a 500 instead of a refusal
        assertThatThrownBy(() -> EncryptedBody.open(body("99999999999999999999"), FuzzSessions.session()))
                .isInstanceOf(NtlmException.class)
                .hasMessageContaining("longer than the body");
    }

    @Test
    void lengthThatWrapsTheBoundsCheckIsRefusedAsMalformed() {
        assertThatThrownBy(() -> EncryptedBody.open(body("2147483647"), FuzzSessions.session()))
                .isInstanceOf(NtlmException.class);
    }
}
