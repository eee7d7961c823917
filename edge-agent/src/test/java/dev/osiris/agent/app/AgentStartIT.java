package dev.osiris.agent.app;

import dev.osiris.agent.relay.LinkStatus;
import dev.osiris.agent.config.AgentConfig;
import dev.osiris.agent.config.TlsConfig;
import dev.osiris.agent.tls.PinningTrustManager;
import dev.osiris.testing.TestFiles;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;

import static dev.osiris.testing.Await.await;
import static dev.osiris.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class AgentStartIT {

    @TempDir
    Path dir;

    private Vertx vertx;

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        this.vertx = vertx;
        TestFiles.secret(dir.resolve("api.key"), FakeRelay.API_KEY);
    }

    private AgentConfig.Builder config(String url) {
        return AgentConfig.builder().siteId("clinic-1").relayUrl(url).apiKeyFile(dir.resolve("api.key"))
                .dataDir(dir.resolve("data")).checkinInterval(Duration.ofHours(1)).backoffMin(Duration.ofHours(1))
                .backoffMax(Duration.ofHours(1)).requestTimeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(2));
    }

    @Test
    void refusesToStartWithAKeyFileOthersCanRead() throws Exception {
        Agent agent = await(Agent.start(vertx, config("http://127.0.0.1:9").build()));
        await(agent.close());
        Path key = dir.resolve("data/appliance.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(failure(Agent.start(vertx, config("http://127.0.0.1:9").build())))
                .hasMessageContaining("appliance key " + key + " has permissions rw-r--r--");
    }

    @Test
    void refusesAnApiKeyFileItsGroupOrOthersCanReadNamingItsModeAndTheFix() throws Exception {
        Path apiKey = dir.resolve("api.key");
        Files.setPosixFilePermissions(apiKey, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(failure(Agent.start(vertx, config("http://127.0.0.1:9").build())))
                .hasMessageContaining("apiKeyFile " + apiKey + " has mode 0644 (rw-r--r--)")
                .hasMessageContaining("Run: chmod 600 " + apiKey);
        Files.setPosixFilePermissions(apiKey, PosixFilePermissions.fromString("rw-rw----"));
        assertThat(failure(Agent.start(vertx, config("http://127.0.0.1:9").build())))
                .hasMessageContaining("has mode 0660");
        Files.setPosixFilePermissions(apiKey, PosixFilePermissions.fromString("r--------"));
        await(await(Agent.start(vertx, config("http://127.0.0.1:9").build())).close());
    }

    @Test
    void closingWhileOfflineRecordsTheStopAndLeavesAStoppedStatus() throws Exception {
        Agent agent = await(Agent.start(vertx, config("http://127.0.0.1:9").build()));
        assertThat(failure(agent.checkinNow())).hasMessageContaining("unreachable");
        await(agent.close());
        String status = Files.readString(dir.resolve("data/status.json"));
        assertThat(dev.osiris.protocol.json.Json.parseObject(status).path("state").asText()).isEqualTo("stopped");
    }

    @Test
    void talksTlsToAPinnedRelayAndRefusesAnotherCertificate() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
        FakeRelay relay = await(new FakeRelay().start(vertx, new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(cert.keyCertOptions())));
        try {
            String pin = fingerprint(Path.of(cert.certificatePath()));
            Agent pinned = await(Agent.start(vertx, config(relay.url()).tls(new TlsConfig(null, pin)).build()));
            await(pinned.checkinNow());
            assertThat(pinned.status().state()).isEqualTo(LinkStatus.ONLINE);
            await(pinned.close());

            Agent wrong = await(Agent.start(vertx, config(relay.url()).tls(new TlsConfig(null, "00".repeat(32))).build()));
            assertThat(failure(wrong.checkinNow())).hasMessageContaining("unreachable");
            assertThat(wrong.status().lastError()).isNotBlank();
            await(wrong.close());
        } finally {
            await(relay.stop());
        }
    }

    private static String fingerprint(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return PinningTrustManager.fingerprint(cert);
        }
    }
}
