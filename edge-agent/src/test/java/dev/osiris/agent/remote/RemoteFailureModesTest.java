package dev.osiris.agent.remote;

import dev.osiris.agent.remote.RemoteFailure.Reason;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How both transports fail against peers that refuse, stay silent, speak something else, or present an
 * untrusted certificate: every failure is a typed {@link RemoteFailure}, within the configured deadlines, and a
 * one-thread worker pool is free again afterwards.
 */
class RemoteFailureModesTest {

    private static final RemoteConfig FAST = RemoteConfig.DEFAULTS
            .withConnectTimeout(Duration.ofSeconds(1))
            .withOperationTimeout(Duration.ofSeconds(2));
    private static final RemoteConfig ONE_WORKER =
            new RemoteConfig(FAST.connectTimeout(), FAST.operationTimeout(), FAST.maxOutputBytes(), 1, 1, true);

    @TempDir
    Path dir;
    Vertx vertx;
    RemoteShells shells;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        shells = new RemoteShells(vertx, ONE_WORKER, KnownHosts.inMemory());
    }

    @AfterEach
    void tearDown() {
        shells.close();
        vertx.close();
    }

    static Target ssh(int port) {
        return new Target("s", "127.0.0.1", Transport.SSH, port, true, "password", "root", new Secret("pw"), null);
    }

    static Target winrm(int port, boolean tls, String auth, String pin) {
        return new Target("w", "127.0.0.1", Transport.WINRM, port, tls, auth, ".\\admin", new Secret("pw"), pin);
    }

    private static Timed open(RemoteShells shells, Target target) throws Exception {
        long start = System.nanoTime();
        RemoteFailure failure = Await.failure(shells.open(target));
        return new Timed(failure, Duration.ofNanos(System.nanoTime() - start));
    }

    record Timed(RemoteFailure failure, Duration took) {
        Reason reason() {
            return failure.reason();
        }
    }

    @Test
    void deadPortIsConnectRefusedAtOnce() throws Exception {
        int port = LocalSshd.freePort();
        Timed ssh = open(shells, ssh(port));
        assertThat(ssh.reason()).isEqualTo(Reason.CONNECT_REFUSED);
        assertThat(ssh.took()).isLessThan(Duration.ofSeconds(2));
        for (String auth : new String[] {"basic", "ntlm"}) {
            Timed winrm = open(shells, winrm(port, false, auth, null));
            assertThat(winrm.reason()).as(auth).isEqualTo(Reason.CONNECT_REFUSED);
            assertThat(winrm.took()).as(auth).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void unknownHostNameIsDns() throws Exception {
        Target target = new Target("s", "no-such-host.invalid", Transport.SSH, 22, true, "password", "root", new Secret("pw"), null);
        assertThat(open(shells, target).reason()).isEqualTo(Reason.DNS);
    }

    @Test
    void silentSshPeerIsConnectTimeoutWithinTheDeadlineAndFreesTheWorker() throws Exception {
        try (TinyServer silent = TinyServer.silent()) {
            Timed timed = open(shells, ssh(silent.port()));
            assertThat(timed.reason()).isIn(Reason.CONNECT_TIMEOUT, Reason.TIMEOUT);
            assertThat(timed.took()).isLessThan(FAST.connectTimeout().plus(FAST.operationTimeout()).plusSeconds(3));
            Timed next = open(shells, ssh(LocalSshd.freePort()));
            assertThat(next.reason()).isEqualTo(Reason.CONNECT_REFUSED);
            assertThat(next.took()).as("the only SSH worker is free again").isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void silentWinRmPeerIsATimeoutWithinTheDeadlineAndFreesTheWorker() throws Exception {
        try (TinyServer silent = TinyServer.silent()) {
            for (String auth : new String[] {"basic", "ntlm"}) {
                Timed timed = open(shells, winrm(silent.port(), false, auth, null));
                assertThat(timed.reason()).as(auth).isIn(Reason.CONNECT_TIMEOUT, Reason.TIMEOUT);
                assertThat(timed.took()).as(auth).isLessThan(Duration.ofSeconds(15));
                Timed next = open(shells, winrm(LocalSshd.freePort(), false, auth, null));
                assertThat(next.reason()).as(auth).isEqualTo(Reason.CONNECT_REFUSED);
                assertThat(next.took()).as(auth + ": the only WinRM worker is free again").isLessThan(Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void garbageInsteadOfSshIsProtocol() throws Exception {
        try (TinyServer http = TinyServer.answering("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")) {
            Timed timed = open(shells, ssh(http.port()));
            assertThat(timed.reason()).isEqualTo(Reason.PROTOCOL);
            assertThat(timed.took()).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void garbageInsteadOfWinRmIsProtocol() throws Exception {
        String[] answers = {
                "SSH-2.0-OpenSSH_9.2p1 Debian\r\n",
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\n<html></html>",
        };
        for (String answer : answers) {
            try (TinyServer server = TinyServer.answering(answer)) {
                for (String auth : new String[] {"basic", "ntlm"}) {
                    Timed timed = open(shells, winrm(server.port(), false, auth, null));
                    assertThat(timed.reason()).as(auth + " vs " + answer.strip()).isEqualTo(Reason.PROTOCOL);
                    assertThat(timed.took()).isLessThan(Duration.ofSeconds(10));
                }
            }
        }
    }

    @Test
    void winRmHostThatRefusesEveryCredentialIsAuthenticationWithinTheDeadline() throws Exception {
        String refusal = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Negotiate\r\nWWW-Authenticate: Basic realm=\"WSMAN\"\r\n"
                + "Content-Length: 0\r\n\r\n";
        try (TinyServer server = TinyServer.answering(refusal)) {
            for (String auth : new String[] {"basic", "ntlm"}) {
                Timed timed = open(shells, winrm(server.port(), false, auth, null));
                assertThat(timed.reason()).as(auth + ": " + timed.failure().getMessage()).isEqualTo(Reason.AUTHENTICATION);
                assertThat(timed.took()).as(auth).isLessThan(FAST.connectTimeout().plus(FAST.operationTimeout()).plusSeconds(6));
            }
        }
    }

    @Test
    void untrustedWinRmCertificateIsRefusedAndAPinnedOneAccepted() throws Exception {
        String html = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\n<html></html>";
        try (TinyServer tls = TinyServer.tlsAnswering(dir, html)) {
            for (String auth : new String[] {"basic", "ntlm"}) {
                assertThat(open(shells, winrm(tls.port(), true, auth, null)).reason())
                        .as(auth + " without pin").isEqualTo(Reason.TLS_CERTIFICATE);
                assertThat(open(shells, winrm(tls.port(), true, auth, "SHA256:" + "C".repeat(43))).reason())
                        .as(auth + " with another pin").isEqualTo(Reason.TLS_CERTIFICATE);
                // the right pin gets through the handshake, to the (garbage) answer
                assertThat(open(shells, winrm(tls.port(), true, auth, tls.certificateSha256())).reason())
                        .as(auth + " with the right pin").isEqualTo(Reason.PROTOCOL);
            }
        }
    }
}
