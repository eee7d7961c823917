package dev.osiris.relay.app;

import dev.osiris.protocol.Api;
import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.relay.store.CredentialSpec;
import dev.osiris.testing.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Everything the relay stores survives a restart on the same data directory. */
class RestartIT {

    @TempDir
    Path dataDir;

    Vertx vertx = Vertx.vertx();

    @AfterEach
    void closeVertx() {
        Await.result(vertx.close());
    }

    @Test
    void dataSurvivesARestart() throws Exception {
        Relay first = Await.result(Relay.start(vertx, RelayConfig.defaults(dataDir)));
        String siteId = Await.result(first.admin().createSite("Persistent"));
        Await.result(first.admin().addCredential(siteId,
                CredentialSpec.of("fs01", Transport.SSH, "backup", new Secret("keep-me"))));
        TestAppliance appliance = new TestAppliance(Await.result(first.admin().provisionAppliance(siteId)));
        byte[] body = TestAppliance.body(appliance.nextCheckin(List.of()));
        assertThat(new Http(first.baseUrl()).signed(Api.CHECKIN, appliance.apiKey, body, appliance.sign(Api.CHECKIN, body))
                .status()).isEqualTo(200);
        byte[] bundle = appliance.bundleBody(appliance.seal(2));
        assertThat(new Http(first.baseUrl()).signed(Api.EVIDENCE_BUNDLES, appliance.apiKey, bundle,
                appliance.sign(Api.EVIDENCE_BUNDLES, bundle)).status()).isEqualTo(200);
        Await.result(first.close());
        assertThat(Files.exists(dataDir.resolve("pg/postmaster.pid"))).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("master.key"))))
                .isEqualTo("rw-------");

        Relay second = Await.result(Relay.start(vertx, RelayConfig.defaults(dataDir)));
        try {
            byte[] again = TestAppliance.body(appliance.nextCheckin(List.of()));
            Http.Reply reply = new Http(second.baseUrl()).signed(Api.CHECKIN, appliance.apiKey, again,
                    appliance.sign(Api.CHECKIN, again));
            assertThat(reply.status()).as(reply.text()).isEqualTo(200);
            CheckinResponse config = CheckinResponse.fromJson(reply.json());
            assertThat(config.siteName()).isEqualTo("Persistent");
            assertThat(config.targets().getFirst().secret().reveal()).isEqualTo("keep-me");
            assertThat(config.evidenceHead().seq()).isEqualTo(2);
        } finally {
            Await.result(second.close());
        }
    }
}
