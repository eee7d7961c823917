package dev.osiris.agent.remote;

import dev.osiris.agent.remote.RemoteFailure.Reason;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.testing.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WinRM adapter's own behaviour (shell reuse, uploads, UTF-8, caps, deadlines, Basic over pinned HTTPS)
 * against {@link FakeWinRmHost}, through the real winrm4j/CXF stack with this module's dependency exclusions.
 * Conformance with Windows itself is tested against the lab's emulator.
 */
class WinRmRemoteShellTest {

    private static final String USER = "admin";
    private static final String PASSWORD = "Pa55-winrm";

    @TempDir
    Path dir;
    Vertx vertx;
    RemoteShells shells;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        shells = new RemoteShells(vertx, RemoteConfig.DEFAULTS.withOperationTimeout(Duration.ofSeconds(1)), KnownHosts.inMemory());
    }

    @AfterEach
    void tearDown() {
        shells.close();
        vertx.close();
    }

    /** Basic, over http to the loopback fake as an accepted risk (a test password), or over https when pinned. */
    static Target target(String password, String pin) {
        return new Target("w1", "127.0.0.1", Transport.WINRM, 5986, pin != null, "basic", ".\\" + USER, new Secret(password), pin,
                pin == null ? RemoteFailureModesTest.LOOPBACK_RISK : null);
    }

    @Test
    void basicOverHttpWhoseRiskNobodyAcceptedIsRefusedBeforeThePasswordIsSent() throws Exception {
        try (FakeWinRmHost host = FakeWinRmHost.http(USER, PASSWORD)) {
            Target unmarked = new Target("w1", "127.0.0.1", Transport.WINRM, host.port(), false, "basic", ".\\" + USER,
                    new Secret(PASSWORD), null);
            RemoteFailure viaEndpoint = Await.failure(shells.openWinRm(unmarked, host.endpoint()), RemoteFailure.class);
            RemoteFailure viaTarget = Await.failure(shells.open(unmarked), RemoteFailure.class);
            assertThat(viaEndpoint.reason()).isEqualTo(RemoteFailure.Reason.CLEARTEXT_REFUSED);
            assertThat(viaTarget.reason()).isEqualTo(RemoteFailure.Reason.CLEARTEXT_REFUSED);
            assertThat(viaTarget.getMessage()).startsWith("cleartext_refused: Target[winrm://.\\" + USER + "@127.0.0.1:")
                    .contains("--accept-cleartext-risk").doesNotContain(PASSWORD);
            assertThat(host.creates.get()).isZero();
        }
    }

    static Script ps(String body) {
        return Script.of("ps", body, Duration.ofSeconds(20));
    }

    @Test
    void runsScriptsInOneRemoteShellWithExitCodesAndUtf8Output() throws Exception {
        try (FakeWinRmHost host = FakeWinRmHost.http(USER, PASSWORD)) {
            RemoteShell shell = Await.result(shells.openWinRm(target(PASSWORD, null), host.endpoint()));
            ScriptResult first = Await.result(shell.run(ps("Write-Output 'café ✓'\nWrite-Error 'careful'\nexit 3")));
            assertThat(first.exitCode()).isEqualTo(3);
            assertThat(first.stdout()).isEqualTo("café ✓\r\n");
            assertThat(first.stderr()).isEqualTo("careful\r\n");
            assertThat(Await.result(shell.run(ps("Write-Output 'two'"))).stdout()).isEqualTo("two\r\n");
            assertThat(Await.result(shell.run(ps("Write-Output 'three'"))).succeeded()).isTrue();
            assertThat(host.creates.get()).as("one shell for all scripts").isEqualTo(1);
            assertThat(host.commandLines).allSatisfy(line ->
                    assertThat(line).startsWith("powershell -NoProfile -NonInteractive -EncodedCommand "));
            Await.result(shell.close());
            assertThat(host.deletes.get()).isEqualTo(1);
            assertThat(Await.failure(shell.run(ps("Write-Output 'late'")), RemoteFailure.class).reason())
                    .isEqualTo(Reason.PROTOCOL);
        }
    }

    @Test
    void longScriptIsUploadedInCommandsThatFitCmdExe() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            body.append("Write-Output 'line ").append(i).append(" é'\n");
        }
        try (FakeWinRmHost host = FakeWinRmHost.http(USER, PASSWORD)) {
            RemoteShell shell = Await.result(shells.openWinRm(target(PASSWORD, null), host.endpoint()));
            ScriptResult result = Await.result(shell.run(ps(body.toString())));
            assertThat(result.exitCode()).isZero();
            assertThat(result.stdout()).startsWith("line 0 é\r\n").endsWith("line 599 é\r\n");
            assertThat(host.commandLines.size()).isGreaterThan(2);
            assertThat(host.commandLines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(8191));
            assertThat(host.scriptsRun).containsExactly(body.toString());
            Await.result(shell.close());
        }
    }

    @Test
    void outputIsCappedAndFlagged() throws Exception {
        RemoteShells small = new RemoteShells(vertx, RemoteConfig.DEFAULTS.withMaxOutputBytes(4096), KnownHosts.inMemory());
        try (FakeWinRmHost host = FakeWinRmHost.http(USER, PASSWORD)) {
            RemoteShell shell = Await.result(small.openWinRm(target(PASSWORD, null), host.endpoint()));
            ScriptResult result = Await.result(shell.run(ps("Big-Output 100000")));
            assertThat(result.stdout()).hasSize(4096);
            assertThat(result.stdoutTruncated()).isTrue();
            Await.result(shell.close());
        } finally {
            small.close();
        }
    }

    @Test
    void scriptPastItsDeadlineIsSignalledTerminateAndReportedAsTimeout() throws Exception {
        try (FakeWinRmHost host = FakeWinRmHost.http(USER, PASSWORD)) {
            RemoteShell shell = Await.result(shells.openWinRm(target(PASSWORD, null), host.endpoint()));
            long start = System.nanoTime();
            RemoteFailure failure = Await.failure(shell.run(Script.of("slow", "Start-Sleep 3600",
                    Duration.ofSeconds(2))), RemoteFailure.class);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(failure.reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(took).isLessThan(Duration.ofSeconds(6));
            assertThat(host.terminatedCommandRunning("Start-Sleep")).as("Signal terminate sent: " + host.signals).isTrue();
            // the shell is still usable
            assertThat(Await.result(shell.run(ps("Write-Output 'after'"))).stdout()).isEqualTo("after\r\n");
            Await.result(shell.close());
        }
    }

    @Test
    void wrongBasicPasswordIsAuthentication() throws Exception {
        try (FakeWinRmHost host = FakeWinRmHost.http(USER, PASSWORD)) {
            RemoteFailure failure = Await.failure(shells.openWinRm(target("wrong-" + PASSWORD, null), host.endpoint()),
                    RemoteFailure.class);
            assertThat(failure.reason()).isEqualTo(Reason.AUTHENTICATION);
            assertThat(failure.getMessage()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void basicOverHttpsTrustsAPinnedSelfSignedCertificateAndRefusesAnUnpinnedOne() throws Exception {
        TinyServer.SelfSigned cert = TinyServer.selfSigned(dir);
        try (FakeWinRmHost host = FakeWinRmHost.https(cert.context(), USER, PASSWORD)) {
            RemoteShell shell = Await.result(shells.openWinRm(target(PASSWORD, cert.sha256()), host.endpoint()));
            assertThat(Await.result(shell.run(ps("Write-Output 'tls'"))).stdout()).isEqualTo("tls\r\n");
            Await.result(shell.close());
            Target unpinned = new Target("w1", "127.0.0.1", Transport.WINRM, host.port(), true, "basic", ".\\" + USER,
                    new Secret(PASSWORD), null);
            assertThat(Await.failure(shells.openWinRm(unpinned, host.endpoint()), RemoteFailure.class).reason())
                    .isEqualTo(Reason.TLS_CERTIFICATE);
        }
    }
}
