package dev.osiris.agent.remote;

import dev.osiris.agent.remote.RemoteFailure.Reason;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.testing.Await;
import dev.osiris.testing.LoopbackPort;
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

    /** Basic over plain http is tried only as an accepted risk: these fakes listen on loopback with a test password. */
    static final dev.osiris.protocol.checkin.CleartextRisk LOOPBACK_RISK =
            new dev.osiris.protocol.checkin.CleartextRisk("test:loopback fake host", java.time.Instant.EPOCH);

    static Target winrm(int port, boolean tls, String auth, String pin) {
        return new Target("w", "127.0.0.1", Transport.WINRM, port, tls, auth, ".\\admin", new Secret("pw"), pin,
                !tls && auth.equals("basic") ? LOOPBACK_RISK : null);
    }

    private static Timed open(RemoteShells shells, Target target) throws Exception {
        long start = System.nanoTime();
        RemoteFailure failure = Await.failure(shells.open(target), RemoteFailure.class);
        return new Timed(failure, Duration.ofNanos(System.nanoTime() - start));
    }

    record Timed(RemoteFailure failure, Duration took) {
        Reason reason() {
            return failure.reason();
        }
    }

    @Test
    void deadPortIsConnectRefusedAtOnce() throws Exception {
        int port = LoopbackPort.free();
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
            Timed next = open(shells, ssh(LoopbackPort.free()));
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
                Timed next = open(shells, winrm(LoopbackPort.free(), false, auth, null));
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
    void aPortOrAddressContaining401IsNotACredentialRefusal() {
        Target target = winrm(40155, false, "basic", null);
        var garbage = new java.io.IOException("Unexpected end of file from server 127.0.0.1:40155 (10.40.1.7)");
        assertThat(WinRmClients.classify(target, garbage, true).reason()).isEqualTo(Reason.PROTOCOL);
        var refused = new java.io.IOException("HTTP response '401: Unauthorized' when communicating with http://127.0.0.1:40155/wsman");
        assertThat(WinRmClients.classify(target, refused, true).reason()).isEqualTo(Reason.AUTHENTICATION);
        var code = new java.io.IOException("Server returned HTTP response code: 401 for URL: http://127.0.0.1:40155/wsman");
        assertThat(WinRmClients.classify(target, code, true).reason()).isEqualTo(Reason.AUTHENTICATION);
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

    /** A keep-alive peer that answers every request, every NTLM leg included, with 401 (as Windows does). */
    private static com.sun.net.httpserver.HttpServer refusing(com.sun.net.httpserver.HttpServer server) {
        server.createContext("/wsman", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().add("WWW-Authenticate", "Negotiate");
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"WSMAN\"");
                exchange.sendResponseHeaders(401, -1);
            }
        });
        server.start();
        return server;
    }

    private static java.net.InetSocketAddress loopback() {
        return new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);
    }

    @Test
    void refusedWinRmCredentialsAreAuthenticationAtOnceOverHttpsAndBasic() throws Exception {
        TinyServer.SelfSigned cert = TinyServer.selfSigned(dir);
        var https = com.sun.net.httpserver.HttpsServer.create(loopback(), 16);
        https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(cert.context()));
        var http = com.sun.net.httpserver.HttpServer.create(loopback(), 16);
        refusing(https);
        refusing(http);
        try {
            for (String auth : new String[] {"basic", "ntlm"}) {
                Timed overTls = open(shells, winrm(https.getAddress().getPort(), true, auth, cert.sha256()));
                assertThat(overTls.reason()).as(auth + " https: " + overTls.failure().getMessage()).isEqualTo(Reason.AUTHENTICATION);
                assertThat(overTls.took()).as(auth).isLessThan(Duration.ofSeconds(3));
            }
            Timed basic = open(shells, winrm(http.getAddress().getPort(), false, "basic", null));
            assertThat(basic.reason()).isEqualTo(Reason.AUTHENTICATION);
        } finally {
            https.stop(0);
            http.stop(0);
        }
    }

    @Test
    void refusedNtlmOverPlainHttpIsBoundedByTheReadTimeout() throws Exception {
        // known winrm4j 0.12.3 behaviour with NTLM sealing: the refusal is not noticed, the call stalls
        var http = refusing(com.sun.net.httpserver.HttpServer.create(loopback(), 16));
        try {
            Timed timed = open(shells, winrm(http.getAddress().getPort(), false, "ntlm", null));
            assertThat(timed.reason()).isIn(Reason.AUTHENTICATION, Reason.CONNECT_TIMEOUT);
            assertThat(timed.took()).isLessThan(FAST.connectTimeout().plus(FAST.operationTimeout()).plusSeconds(6));
        } finally {
            http.stop(0);
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
