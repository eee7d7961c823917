package dev.osiris.lab.windows;

import dev.osiris.lab.windows.model.WindowsHost;
import dev.osiris.lab.windows.wsman.LabCertificate;
import dev.osiris.lab.windows.wsman.WsmanEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * A WS-Management (WinRM) server in front of one {@link WindowsHost} model: Create/Command/Receive/Signal/
 * Delete of cmd shells, Basic and NTLMv2 (with message sealing) over HTTP and HTTPS (TLS 1.2/1.3, a
 * self-signed certificate made per start). Commands run off the event loop.
 */
public final class WinRmEmulator {

    private final WinRmEmulatorConfig config;
    private final LabCertificate certificate;
    private final WsmanEndpoint endpoint;
    private final HttpServer http;
    private final HttpServer https;
    private final LongAdder requests;

    private WinRmEmulator(WinRmEmulatorConfig config, LabCertificate certificate, WsmanEndpoint endpoint,
                          HttpServer http, HttpServer https, LongAdder requests) {
        this.config = config;
        this.requests = requests;
        this.certificate = certificate;
        this.endpoint = endpoint;
        this.http = http;
        this.https = https;
    }

    /**
     * Starts the listeners. The future fails if a port cannot be bound (nothing stays open then).
     */
    public static Future<WinRmEmulator> start(Vertx vertx, WinRmEmulatorConfig config) {
        LabCertificate cert = LabCertificate.generate(config.host().name(), config.bindHost());
        WsmanEndpoint endpoint = new WsmanEndpoint(vertx, config.host(), config.accounts(), new WsmanEndpoint.Settings(config.allowBasic(),
                config.allowNtlm(), config.offerNtlmScheme(), config.allowUnencrypted(), config.maxRequestBytes(), config.maxShellsPerUser(),
                config.maxOperationTimeout(), config.simulatedDuration(), config.clixmlErrors(),
                config.shellIdleTimeout()));
        LongAdder requests = new LongAdder();
        Handler<HttpServerRequest> handler = endpoint.handler();
        Handler<HttpServerRequest> counted = req -> {
            requests.increment();
            handler.handle(req);
        };
        HttpServer http = config.httpPort() < 0 ? null
                : vertx.createHttpServer(new HttpServerOptions().setHost(config.bindHost()).setPort(config.httpPort())
                        .setCompressionSupported(false)).requestHandler(counted);
        HttpServer https = config.httpsPort() < 0 ? null
                : vertx.createHttpServer(new HttpServerOptions().setHost(config.bindHost()).setPort(config.httpsPort())
                        .setSsl(true).setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"))
                        .setKeyCertOptions(new PemKeyCertOptions()
                                .setCertValue(Buffer.buffer(cert.certificatePem()))
                                .setKeyValue(Buffer.buffer(cert.privateKeyPem())))
                        .setCompressionSupported(false)).requestHandler(counted);
        List<Future<HttpServer>> listening = new ArrayList<>();
        if (http != null) {
            listening.add(http.listen());
        }
        if (https != null) {
            listening.add(https.listen());
        }
        WinRmEmulator emulator = new WinRmEmulator(config, cert, endpoint, http, https, requests);
        return Future.all(listening).map(emulator).recover(err -> emulator.close().transform(v -> Future.failedFuture(err)));
    }

    /** The bound HTTP port, or -1 when HTTP is off. */
    public int httpPort() {
        return http == null ? -1 : http.actualPort();
    }

    /** The bound HTTPS port, or -1 when HTTPS is off. */
    public int httpsPort() {
        return https == null ? -1 : https.actualPort();
    }

    /** SHA-256 of the TLS certificate (DER), lower-case hex without separators. */
    public String certificateSha256() {
        return certificate.sha256Hex();
    }

    /** The TLS certificate in PEM, for clients to trust (e.g. REQUESTS_CA_BUNDLE). */
    public String certificatePem() {
        return certificate.certificatePem();
    }

    /** The model behind the listener: assert state changes on it. */
    public WindowsHost host() {
        return config.host();
    }

    /** Shells open right now: lets tests check that a client deletes what it creates. */
    public int openShells() {
        return endpoint.openShells();
    }

    /** Signal requests received so far (e.g. the terminate a client sends for a command past its deadline). */
    public long signals() {
        return endpoint.signals();
    }

    /**
     * NTLM handshakes completed so far. Windows binds an NTLM context to its TCP connection, so a client that
     * keeps one connection per session completes exactly one per session; more mean it opened extra connections.
     */
    public long ntlmContexts() {
        return endpoint.ntlmContexts();
    }

    /** Domain-account logons refused so far because the domain's clocks are more than 5 minutes apart (401). */
    public long skewRefusals() {
        return endpoint.skewRefusals();
    }

    /** HTTP requests received so far on both listeners, authentication round trips included. */
    public long requests() {
        return requests.sum();
    }

    public WinRmEmulatorConfig config() {
        return config;
    }

    /** {@code http://127.0.0.1:port/wsman}. */
    public String httpUrl() {
        return "http://" + config.bindHost() + ":" + httpPort() + "/wsman";
    }

    /** {@code https://127.0.0.1:port/wsman}. */
    public String httpsUrl() {
        return "https://" + config.bindHost() + ":" + httpsPort() + "/wsman";
    }

    /** Stops the listeners and terminates running commands. Never fails. */
    public Future<Void> close() {
        endpoint.close();
        List<Future<Void>> closing = new ArrayList<>();
        if (http != null) {
            closing.add(http.close());
        }
        if (https != null) {
            closing.add(https.close());
        }
        return Future.join(closing).<Void>mapEmpty().otherwiseEmpty();
    }
}
