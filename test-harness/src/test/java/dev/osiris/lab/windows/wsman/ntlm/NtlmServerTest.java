package dev.osiris.lab.windows.wsman.ntlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osiris.lab.windows.model.WindowsHost;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class NtlmServerTest {

    @Test
    void ntHashIsMd4OfUtf16Password() {
        assertThat(HexFormat.of().formatHex(NtlmCrypto.ntHash("password"))).isEqualTo("8846f7eaee8fb117ad06bdd830b7586c");
    }

    @Test
    void challengeCarriesTargetNameTargetInfoAndTheClientsSealingFlags() {
        byte[] negotiate = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .put("NTLMSSP\0".getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(0xE2088231).array();
        assertThat(NtlmServer.messageType(negotiate)).isEqualTo(1);
        NtlmServer.Challenge c = new NtlmServer("NVDENTAL", "NVWS01", "nvdental.local").challenge(negotiate, Instant.now());
        ByteBuffer b = ByteBuffer.wrap(c.message()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(8)).isEqualTo(2);
        int flags = b.getInt(20);
        assertThat(flags & 0x800000).as("TARGET_INFO").isNotZero();
        assertThat(flags & 0x20).as("SEAL").isNotZero();
        assertThat(flags & 0x40000000).as("KEY_EXCH").isNotZero();
        assertThat(Short.toUnsignedInt(b.getShort(12))).as("TargetName length").isEqualTo("NVDENTAL".length() * 2);
        assertThat(c.serverChallenge()).hasSize(8);
    }

    @Test
    void spnegoTokensAreNotNtlm() {
        assertThat(NtlmServer.messageType(new byte[]{0x60, 0x28, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02, 0, 0})).isEqualTo(-1);
    }

    @Test
    void malformedAuthenticateIsRejected() {
        NtlmServer server = new NtlmServer("NVDENTAL", "NVWS01", "nvdental.local");
        NtlmServer.Challenge c = server.challenge(new byte[0], Instant.now());
        byte[] bogus = ByteBuffer.allocate(72).order(ByteOrder.LITTLE_ENDIAN)
                .put("NTLMSSP\0".getBytes(StandardCharsets.US_ASCII)).putInt(3).putLong(0)
                .putShort((short) 40).putShort((short) 40).putInt(9999).array();
        assertThatThrownBy(() -> server.authenticate(bogus, c, List.of(WindowsHost.LOCAL_ACCOUNT), "NVWS01"))
                .isInstanceOf(NtlmException.class);
    }

    @Test
    void fieldWhoseOffsetWrapsPastTheIntLimitIsMalformed() {
        // found by NtlmServerFuzzTest: offset + length overflowed, passed the bounds check and failed in arraycopy
        NtlmServer server = new NtlmServer("NVDENTAL", "NVWS01", "nvdental.local");
        NtlmServer.Challenge c = server.challenge(new byte[0], Instant.now());
        byte[] wrapping = ByteBuffer.allocate(72).order(ByteOrder.LITTLE_ENDIAN)
                .put("NTLMSSP\0".getBytes(StandardCharsets.US_ASCII)).putInt(3).putLong(0)
                .putShort((short) 40).putShort((short) 40).putInt(Integer.MAX_VALUE - 10).array();
        assertThatThrownBy(() -> server.authenticate(wrapping, c, List.of(WindowsHost.LOCAL_ACCOUNT), "NVWS01"))
                .isInstanceOf(NtlmException.class)
                .hasMessageContaining("points outside the message");
    }
}
