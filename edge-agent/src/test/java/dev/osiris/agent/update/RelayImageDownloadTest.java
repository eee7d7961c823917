package dev.osiris.agent.update;

import dev.osiris.agent.relay.RelayImageAuth;
import dev.osiris.protocol.Api;
import dev.osiris.protocol.RequestSignature;
import dev.osiris.protocol.evidence.ApplianceKey;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.osiris.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An image from the relay is fetched with the appliance's credentials, signed as a check-in is, at every attempt
 * (the relay accepts a signature once, so a resumed download signs again); an image elsewhere gets none. The order's
 * rollout is kept with the update and reported with each check-in, across restarts.
 */
class RelayImageDownloadTest {

    private static final byte[] IMAGE = Releases.image(2 * 1024 * 1024 + 5, 11);
    private static final String API_KEY = "osk_appliance_secret";

    @TempDir
    Path dir;
    private Vertx vertx;
    private final Releases releases = new Releases();
    private final ApplianceKey applianceKey = ApplianceKey.generate(new SecureRandom());
    private UpdateFixture appliance;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        UpdateFixture.prepare(dir);
    }

    @AfterEach
    void tearDown() {
        if (appliance != null) {
            appliance.close();
        }
        await(vertx.close());
    }

    private UpdateFixture open(URI relay) throws Exception {
        return UpdateFixture.open(dir, releases.key.publicKey().base64(), 64L << 20, Crashpoints.NONE,
                new RelayImageAuth(relay, API_KEY, applianceKey, Clock.systemUTC(), () -> Duration.ZERO));
    }

    @Test
    void aDownloadFromTheRelayIsSignedByTheApplianceKeyAtEveryAttemptAndResumes() throws Exception {
        try (ReleaseServer server = ReleaseServer.start(vertx, IMAGE, ReleaseServer.Fault.DROP_FIRST)) {
            URI url = server.url();
            appliance = open(URI.create(url.getScheme() + "://" + url.getRawAuthority()));
            appliance.updater.submit(releases.signed("1.1.0", url, IMAGE, false)).get(30, TimeUnit.SECONDS);
            UpdateJob done = appliance.updater.settled().get(60, TimeUnit.SECONDS);

            assertThat(done.state()).as(done.reason()).isEqualTo(UpdateState.REBOOTING);
            assertThat(appliance.slotB()).isEqualTo(IMAGE);
            assertThat(server.ranges).hasSizeGreaterThanOrEqualTo(2).first().isEqualTo("none");
            assertThat(server.ranges.get(1)).matches("bytes=[1-9][0-9]*-");
            for (Map<String, String> sent : server.credentials) {
                assertThat(sent.get(Api.API_KEY_HEADER)).isEqualTo(API_KEY);
                assertThat(RequestSignature.verify(applianceKey.publicKey(), "GET", "/image",
                        sent.get(Api.TIMESTAMP_HEADER), new byte[0], sent.get(Api.SIGNATURE_HEADER)))
                        .as("signed over GET /image at " + sent.get(Api.TIMESTAMP_HEADER)).isTrue();
            }
            assertThat(server.credentials.stream().map(c -> c.get(Api.SIGNATURE_HEADER)).distinct())
                    .as("each attempt signs anew").hasSize(server.credentials.size());
        }
    }

    @Test
    void theRelayUrlsOwnPrefixIsNotPartOfTheSignedPath() {
        RelayImageAuth auth = new RelayImageAuth(URI.create("https://relay.example/osiris/"), API_KEY, applianceKey,
                Clock.systemUTC(), () -> Duration.ofSeconds(30));
        Map<String, String> h = auth.headers(URI.create("https://relay.example/osiris/api/releases/1.5.0/image"));
        assertThat(RequestSignature.verify(applianceKey.publicKey(), "GET", "/api/releases/1.5.0/image",
                h.get(Api.TIMESTAMP_HEADER), new byte[0], h.get(Api.SIGNATURE_HEADER))).isTrue();
        assertThat(auth.headers(URI.create("https://relay.example/other/api/releases/1.5.0/image"))).isEmpty();
        assertThat(auth.headers(URI.create("https://relay.example:8443/osiris/api/releases/1.5.0/image"))).isEmpty();
        assertThat(auth.headers(URI.create("http://relay.example/osiris/api/releases/1.5.0/image"))).isEmpty();
        assertThat(auth.toString()).doesNotContain(API_KEY);
    }

    @Test
    void anImageOnAnotherServerIsFetchedWithoutTheAppliancesCredentials() throws Exception {
        try (ReleaseServer server = ReleaseServer.start(vertx, IMAGE, ReleaseServer.Fault.NONE)) {
            appliance = open(URI.create("http://127.0.0.1:9"));
            appliance.updater.submit(releases.signed("1.1.0", server.url(), IMAGE, false)).get(30, TimeUnit.SECONDS);
            assertThat(appliance.updater.settled().get(60, TimeUnit.SECONDS).state()).isEqualTo(UpdateState.REBOOTING);
            assertThat(server.credentials).isNotEmpty().allSatisfy(c -> assertThat(c).isEmpty());
        }
    }

    @Test
    void theOrdersRolloutIsSavedWithTheUpdateAndReportedAfterARestart() throws Exception {
        try (ReleaseServer server = ReleaseServer.start(vertx, IMAGE, ReleaseServer.Fault.NONE)) {
            appliance = open(URI.create("http://127.0.0.1:9"));
            UpdateRequest order = UpdateRequest.fromJson(releases.signed("1.1.0", server.url(), IMAGE, false)
                    .toJson().put("rolloutId", "rol-7"));
            assertThat(appliance.updater.current().report().rolloutId()).as("before any update").isNull();
            appliance.updater.submit(order).get(30, TimeUnit.SECONDS);
            assertThat(appliance.updater.settled().get(60, TimeUnit.SECONDS).report().rolloutId()).isEqualTo("rol-7");

            appliance.close();
            appliance = open(URI.create("http://127.0.0.1:9"));
            assertThat(appliance.updater.settled().get(30, TimeUnit.SECONDS).report())
                    .extracting(r -> r.state(), r -> r.version(), r -> r.rolloutId())
                    .containsExactly("rebooting", "1.1.0", "rol-7");
        }
    }
}
