package dev.osiris.agent.remote;

import dev.osiris.agent.remote.RemoteFailure.Reason;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmallPartsTest {

    @Test
    void fingerprintPinsMatchInOpenSshAndHexNotation() {
        byte[] key = "some encoded key".getBytes(StandardCharsets.UTF_8);
        String openssh = Fingerprints.sha256(key);
        assertThat(openssh).startsWith("SHA256:").doesNotEndWith("=");
        String hex = java.util.HexFormat.ofDelimiter(":").withUpperCase().formatHex(Fingerprints.parse(openssh));
        assertThat(Fingerprints.matches(openssh, key)).isTrue();
        assertThat(Fingerprints.matches(hex, key)).isTrue();
        assertThat(Fingerprints.matches(hex.replace(":", "").toLowerCase(), key)).isTrue();
        assertThat(Fingerprints.matches(openssh, "other".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(Fingerprints.matches("not a pin", key)).isFalse();
        assertThat(Fingerprints.matches(null, key)).isFalse();
    }

    @Test
    void cappedOutputKeepsTheFirstBytesAndFlagsTheRest() {
        CappedOutput out = new CappedOutput(1024);
        out.write(new byte[1000], 0, 1000);
        assertThat(out.truncated()).isFalse();
        out.write(new byte[100], 0, 100);
        out.write('x');
        assertThat(out.text()).hasSize(1024);
        assertThat(out.truncated()).isTrue();
    }

    @Test
    void cappedOutputWriterAcceptsWritesAfterCloseAsWinRm4jDoes() throws Exception {
        CappedOutput out = new CappedOutput(1024);
        var writer = out.asWriter();
        writer.write("café ");
        writer.close();
        writer.write("✓");
        assertThat(out.text()).isEqualTo("café ✓");
    }

    @Test
    void leadingLineIsSplitOffAcrossWrites() throws Exception {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        LeadingLine line = new LeadingLine(rest);
        line.write("osiris-pg".getBytes(StandardCharsets.UTF_8));
        assertThat(line.value()).isNull();
        line.write("id:42\nerr".getBytes(StandardCharsets.UTF_8));
        line.write("or\n".getBytes(StandardCharsets.UTF_8));
        assertThat(line.value()).isEqualTo("osiris-pgid:42");
        assertThat(rest.toString(StandardCharsets.UTF_8)).isEqualTo("error\n");
    }

    @Test
    void windowsAccountsSplitIntoDomainAndUser() {
        assertThat(WinRmClients.Account.parse(".\\admin")).isEqualTo(new WinRmClients.Account(null, "admin"));
        assertThat(WinRmClients.Account.parse("CLINIC\\svc-osiris")).isEqualTo(new WinRmClients.Account("CLINIC", "svc-osiris"));
        assertThat(WinRmClients.Account.parse("admin")).isEqualTo(new WinRmClients.Account(null, "admin"));
    }

    @Test
    void nonZeroExitBecomesScriptErrorWithExitCodeAndStderr() {
        ScriptResult result = new ScriptResult(5, "", "Access is denied.\r\n", Duration.ofMillis(3), false, false);
        assertThatThrownBy(() -> result.requireSuccess("RB-WIN-FIREWALL-001"))
                .isInstanceOfSatisfying(RemoteFailure.class, f -> {
                    assertThat(f.reason()).isEqualTo(Reason.SCRIPT_ERROR);
                    assertThat(f.exitCode()).isEqualTo(5);
                    assertThat(f.getMessage()).isEqualTo("script_error: RB-WIN-FIREWALL-001 exited with 5: Access is denied.");
                });
    }

    @Test
    void configIsValidatedWithPathQualifiedMessages() {
        assertThatThrownBy(() -> RemoteConfig.DEFAULTS.withConnectTimeout(Duration.ZERO))
                .hasMessageContaining("remote.connectTimeout");
        assertThatThrownBy(() -> RemoteConfig.DEFAULTS.withMaxOutputBytes(10)).hasMessageContaining("remote.maxOutputBytes");
    }
}
