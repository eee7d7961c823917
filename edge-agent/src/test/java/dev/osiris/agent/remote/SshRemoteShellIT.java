package dev.osiris.agent.remote;

import dev.osiris.agent.remote.RemoteFailure.Reason;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.testing.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The SSH adapter against a real OpenSSH sshd on 127.0.0.1 (key login as root). */
class SshRemoteShellIT {

    @TempDir
    static Path dir;
    static LocalSshd sshd;
    static Vertx vertx;

    @BeforeAll
    static void startSshd() throws Exception {
        sshd = LocalSshd.start(dir);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        if (sshd != null) {
            sshd.close();
        }
        if (vertx != null) {
            vertx.close();
        }
    }

    private static RemoteShells shells(RemoteConfig config, KnownHosts knownHosts) {
        return new RemoteShells(vertx, config, knownHosts);
    }

    private static Target keyTarget(String pin) throws Exception {
        return new Target("t1", "127.0.0.1", Transport.SSH, sshd.port(), true, "key", "root",
                new Secret(sshd.clientKey()), pin);
    }

    private static Script script(String body) {
        return Script.of("test", body, Duration.ofSeconds(20));
    }

    @Test
    void runsScriptsOverOneConnectionWithExitCodeStdoutAndStderr() throws Exception {
        RemoteShells shells = shells(RemoteConfig.DEFAULTS, KnownHosts.inMemory());
        long loginsBefore = sshd.logLinesContaining("Accepted publickey");
        RemoteShell shell = Await.result(shells.open(keyTarget(null)));
        try {
            ScriptResult first = Await.result(shell.run(script("echo hello; echo oops >&2; exit 3")));
            assertThat(first.exitCode()).isEqualTo(3);
            assertThat(first.stdout()).isEqualTo("hello\n");
            assertThat(first.stderr()).isEqualTo("oops\n");
            assertThat(first.stdoutTruncated()).isFalse();
            ScriptResult second = Await.result(shell.run(script("printf 'caf\\303\\251 \\342\\234\\223'")));
            assertThat(second.succeeded()).isTrue();
            assertThat(second.stdout()).isEqualTo("café ✓");
            ScriptResult third = Await.result(shell.run(script("id -un")));
            assertThat(third.stdout().strip()).isEqualTo("root");
            assertThat(sshd.logLinesContaining("Accepted publickey") - loginsBefore).isEqualTo(1);
        } finally {
            Await.result(shell.close());
            shells.close();
        }
    }

    @Test
    void nonZeroExitIsScriptErrorWhenChecked() throws Exception {
        RemoteShells shells = shells(RemoteConfig.DEFAULTS, KnownHosts.inMemory());
        RemoteShell shell = Await.result(shells.open(keyTarget(null)));
        try {
            RemoteFailure failure = Await.failure(shell.runChecked(script("echo 'no such policy' >&2; exit 7")),
                    RemoteFailure.class);
            assertThat(failure.reason()).isEqualTo(Reason.SCRIPT_ERROR);
            assertThat(failure.exitCode()).isEqualTo(7);
            assertThat(failure.getMessage()).contains("no such policy");
        } finally {
            Await.result(shell.close());
            shells.close();
        }
    }

    @Test
    void outputIsCappedPerStreamAndFlagged() throws Exception {
        RemoteShells shells = shells(RemoteConfig.DEFAULTS.withMaxOutputBytes(64 * 1024), KnownHosts.inMemory());
        RemoteShell shell = Await.result(shells.open(keyTarget(null)));
        try {
            ScriptResult result = Await.result(shell.run(script("head -c 3000000 /dev/zero | tr '\\0' x; echo small >&2")));
            assertThat(result.exitCode()).isZero();
            assertThat(result.stdout()).hasSize(64 * 1024);
            assertThat(result.stdoutTruncated()).isTrue();
            assertThat(result.stderr()).isEqualTo("small\n");
            assertThat(result.stderrTruncated()).isFalse();
        } finally {
            Await.result(shell.close());
            shells.close();
        }
    }

    @Test
    void scriptPastItsDeadlineIsTerminatedAndReportedAsTimeout() throws Exception {
        RemoteShells shells = shells(RemoteConfig.DEFAULTS, KnownHosts.inMemory());
        RemoteShell shell = Await.result(shells.open(keyTarget(null)));
        Path marker = dir.resolve("sleeper.pid");
        try {
            long start = System.nanoTime();
            RemoteFailure failure = Await.failure(shell.run(Script.of("slow",
                    "echo $$ > " + marker + "; exec sleep 120", Duration.ofSeconds(2))), RemoteFailure.class);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(failure.reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(took).isLessThan(Duration.ofSeconds(10));
            // the remote process is gone (sshd kills the session's process when the channel is signalled/closed)
            String pid = Files.readString(marker).strip();
            assertThat(waitUntilGone(Path.of("/proc", pid), Duration.ofSeconds(10))).as("remote pid %s ended", pid).isTrue();
            // and the connection still serves the next script
            assertThat(Await.result(shell.run(script("echo still here"))).stdout()).isEqualTo("still here\n");
        } finally {
            Await.result(shell.close());
            shells.close();
        }
    }

    private static boolean waitUntilGone(Path path, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (Files.exists(path)) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        return true;
    }

    @Test
    void unknownHostKeyIsTrustedOnFirstUseAndRecordedThroughTheHook() throws Exception {
        List<String> recorded = new CopyOnWriteArrayList<>();
        KnownHosts knownHosts = new KnownHosts((host, port, fp) -> recorded.add(host + ":" + port + "=" + fp));
        RemoteShells shells = shells(RemoteConfig.DEFAULTS, knownHosts);
        try {
            Await.result(shells.open(keyTarget(null))).close();
            assertThat(recorded).containsExactly("127.0.0.1:" + sshd.port() + "=" + sshd.hostKeyFingerprint());
            Await.result(shells.open(keyTarget(null))).close();
            assertThat(recorded).hasSize(1);
        } finally {
            shells.close();
        }
    }

    @Test
    void unknownHostKeyIsRefusedWhenTrustOnFirstUseIsOff() throws Exception {
        RemoteShells shells = shells(RemoteConfig.DEFAULTS.withTrustOnFirstUse(false), KnownHosts.inMemory());
        try {
            RemoteFailure failure = Await.failure(shells.open(keyTarget(null)), RemoteFailure.class);
            assertThat(failure.reason()).isEqualTo(Reason.HOST_KEY_UNKNOWN);
            assertThat(failure.getMessage()).contains(sshd.hostKeyFingerprint());
        } finally {
            shells.close();
        }
    }

    @Test
    void changedHostKeyIsRefused() throws Exception {
        KnownHosts knownHosts = KnownHosts.inMemory();
        knownHosts.remember("127.0.0.1", sshd.port(), "SHA256:" + "A".repeat(43));
        RemoteShells shells = shells(RemoteConfig.DEFAULTS, knownHosts);
        try {
            RemoteFailure failure = Await.failure(shells.open(keyTarget(null)), RemoteFailure.class);
            assertThat(failure.reason()).isEqualTo(Reason.HOST_KEY_CHANGED);
            assertThat(failure.reason().word()).isEqualTo("host_key_changed");
        } finally {
            shells.close();
        }
    }

    @Test
    void pinIsHonouredInBothNotations() throws Exception {
        RemoteShells shells = shells(RemoteConfig.DEFAULTS.withTrustOnFirstUse(false), KnownHosts.inMemory());
        try {
            String pin = sshd.hostKeyFingerprint();
            Await.result(shells.open(keyTarget(pin))).close();
            String hex = java.util.HexFormat.ofDelimiter(":").formatHex(Fingerprints.parse(pin));
            Await.result(shells.open(keyTarget(hex))).close();
            RemoteFailure wrong = Await.failure(shells.open(keyTarget("SHA256:" + "B".repeat(43))),
                    RemoteFailure.class);
            assertThat(wrong.reason()).isEqualTo(Reason.HOST_KEY_CHANGED);
        } finally {
            shells.close();
        }
    }

    @Test
    void pemRsaKeyLogsInAndAnUnreadableKeyIsAuthenticationWithoutQuotingIt() throws Exception {
        LocalSshd.run(dir, "ssh-keygen", "-q", "-t", "rsa", "-b", "3072", "-m", "PEM", "-N", "", "-f", dir.resolve("rsa_key").toString());
        Files.writeString(dir.resolve("authorized_keys"), Files.readString(dir.resolve("rsa_key.pub")), java.nio.file.StandardOpenOption.APPEND);
        RemoteShells shells = shells(RemoteConfig.DEFAULTS, KnownHosts.inMemory());
        try {
            String pem = Files.readString(dir.resolve("rsa_key"));
            assertThat(pem).startsWith("-----BEGIN RSA PRIVATE KEY-----");
            Target rsa = new Target("t4", "127.0.0.1", Transport.SSH, sshd.port(), true, "key", "root", new Secret(pem), null);
            RemoteShell shell = Await.result(shells.open(rsa));
            assertThat(Await.result(shell.run(script("echo rsa"))).stdout()).isEqualTo("rsa\n");
            Await.result(shell.close());

            String broken = "-----BEGIN OPENSSH PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END OPENSSH PRIVATE KEY-----\n";
            Target bad = new Target("t5", "127.0.0.1", Transport.SSH, sshd.port(), true, "key", "root", new Secret(broken), null);
            RemoteFailure failure = Await.failure(shells.open(bad), RemoteFailure.class);
            assertThat(failure.reason()).isEqualTo(Reason.AUTHENTICATION);
            assertThat(failure.getMessage()).contains("could not be read").doesNotContain("c2VjcmV0");
        } finally {
            shells.close();
        }
    }

    @Test
    void wrongPasswordAndWrongKeyAreAuthenticationFailures() throws Exception {
        RemoteShells shells = shells(RemoteConfig.DEFAULTS, KnownHosts.inMemory());
        try {
            Target password = new Target("t2", "127.0.0.1", Transport.SSH, sshd.port(), true, "password", "root",
                    new Secret("definitely-not-the-password"), null);
            RemoteFailure failure = Await.failure(shells.open(password), RemoteFailure.class);
            assertThat(failure.reason()).isEqualTo(Reason.AUTHENTICATION);
            assertThat(failure.getMessage()).doesNotContain("definitely-not-the-password");

            LocalSshd.run(dir, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("other_key").toString());
            Target otherKey = new Target("t3", "127.0.0.1", Transport.SSH, sshd.port(), true, "key", "root",
                    new Secret(Files.readString(dir.resolve("other_key"))), null);
            assertThat(Await.failure(shells.open(otherKey), RemoteFailure.class).reason())
                    .isEqualTo(Reason.AUTHENTICATION);
        } finally {
            shells.close();
        }
    }
}
