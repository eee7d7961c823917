package dev.osiris.relay.app;

import dev.osiris.protocol.Api;
import dev.osiris.testing.Await;
import io.vertx.core.net.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** Client errors at the relay's HTTP edge log a few short lines, never a stack trace or the client's bytes. */
class EdgeLogIT {

    @TempDir
    static Path dataDir;

    static TestRelay site;
    static Relay relay;
    static RelayAdmin admin;
    static String operatorKey;

    @BeforeAll
    static void start() {
        site = TestRelay.start(RelayConfig.defaults(dataDir), "logs");
        relay = site.relay;
        admin = site.admin;
        operatorKey = site.operatorKey;
    }

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
    }

    private static TestAppliance appliance() {
        String siteId = Await.result(admin.createSite("Logs " + System.nanoTime()));
        return new TestAppliance(Await.result(admin.provisionAppliance(siteId)));
    }

    @Test
    void malformedChunkedRequestsHeadsAndResetsLogAFewLinesAndNoStackTrace() {
        TestAppliance appliance = appliance();
        List<LogRecord> records = logsOf(() -> {
            for (int i = 0; i < 100; i++) {
                try (RawHttp bad = RawHttp.open(relay.port())) {
                    bad.write(RawHttp.head("POST", Api.SITES, "Content-Type: application/json",
                            "Transfer-Encoding: chunked", Api.API_KEY_HEADER + ": " + operatorKey)
                            + "ZZZZ\r\n{\"name\":\"x\"}\r\n0\r\n\r\n");
                    bad.awaitClosed(Duration.ofSeconds(10));
                }
            }
            for (int i = 0; i < 30; i++) {
                try (RawHttp bad = RawHttp.open(relay.port())) {
                    bad.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nBroken header line\r\n\r\n");
                    assertThat(RawHttp.status(bad.readHead(Duration.ofSeconds(5)))).isEqualTo(400);
                }
                RawHttp reset = RawHttp.open(relay.port());
                reset.write(RawHttp.head("POST", Api.CHECKIN, "Content-Type: application/json",
                        "Content-Length: 5000", "Expect: 100-continue", Api.API_KEY_HEADER + ": " + appliance.apiKey));
                assertThat(RawHttp.status(reset.readHead(Duration.ofSeconds(5)))).isEqualTo(100);
                reset.write("{\"seq\":");
                reset.reset();
            }
        });
        assertFewLinesWithoutStackTraces(records);
    }

    @Test
    void tlsHandshakeGarbageLogsAFewLinesAndNoStackTrace() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create("127.0.0.1");
        Relay tls = site.another(RelayConfig.defaults(dataDir)
                .withTls(Path.of(cert.certificatePath()), Path.of(cert.privateKeyPath())));
        List<LogRecord> records = logsOf(() -> {
            for (int i = 0; i < 100; i++) {
                try (RawHttp garbage = RawHttp.open(tls.port())) {
                    garbage.write(RawHttp.head("GET", Api.HEALTH, Api.API_KEY_HEADER + ": " + operatorKey));
                    garbage.awaitClosed(Duration.ofSeconds(10));
                }
            }
        });
        assertFewLinesWithoutStackTraces(records);
        // a plaintext request to the TLS port carries its key: no line may show the client's bytes
        String hex = java.util.HexFormat.of().formatHex(operatorKey.getBytes(StandardCharsets.US_ASCII));
        assertThat(records).noneMatch(r -> r.getMessage().contains(operatorKey) || r.getMessage().contains(hex)
                || r.getMessage().contains(hex.substring(0, 16)));
    }

    /** What the relay (and Vert.x, and Netty) logged while {@code action} ran. */
    private static List<LogRecord> logsOf(Runnable action) {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Level level = root.getLevel();
        root.setLevel(Level.INFO); // as the relay's serve runs; another test (the CLI's) may have raised it
        root.addHandler(capture);
        try {
            action.run();
        } finally {
            root.removeHandler(capture);
            root.setLevel(level);
        }
        return records;
    }

    private static void assertFewLinesWithoutStackTraces(List<LogRecord> records) {
        assertThat(records).allSatisfy(r -> assertThat(r.getThrown()).as(r.getMessage()).isNull());
        assertThat(records).noneMatch(r -> r.getLevel().intValue() >= Level.SEVERE.intValue());
        assertThat(records.stream().filter(r -> r.getLevel().intValue() >= Level.INFO.intValue()).count())
                .isBetween(1L, 25L);
    }
}
