package dev.osiris.lab.update;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.osiris.agent.boot.BootSlots.Slot;
import dev.osiris.lab.update.SlotAppliance.TrialBoot;
import dev.osiris.agent.update.UpdateJob;
import dev.osiris.agent.update.UpdateState;
import dev.osiris.relay.alerts.SmtpConfig;
import dev.osiris.relay.app.Relay;
import dev.osiris.relay.app.RelayAdmin;
import dev.osiris.relay.app.RelayConfig;
import dev.osiris.relay.release.ReleaseKey;
import dev.osiris.relay.rollout.GroupPolicy;
import dev.osiris.relay.rollout.GroupSize;
import dev.osiris.relay.rollout.RolloutSpec;
import dev.osiris.relay.rollout.RolloutTargets;
import dev.osiris.relay.rollout.RolloutView;
import dev.osiris.relay.incidents.ResolveRequest;
import dev.osiris.relay.store.StoredIncident;
import dev.osiris.relay.store.Tenant;
import dev.osiris.testing.Await;
import dev.osiris.testing.LoopbackPort;
import io.vertx.core.Vertx;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fleet updates end to end: a real relay (embedded PostgreSQL, GreenMail for the partner's mail) rolls releases out
 * to real agents whose updaters fetch the image from the relay (signed by their appliance keys), write file-backed
 * slots, and reboot through the simulated GRUB and the real health gate. A good release commits on every appliance,
 * group by group; a bad one rolls back on the first group and the rollout pauses before the second.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutEndToEndIT {

    private static final int APPLIANCES = 3;
    private static final long IMAGE_BYTES = 4L << 20;
    private static final String PARTNER_MAIL = "noc@msp.test";
    private static final Duration ROLLOUT_TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    static Path dir;
    static Vertx vertx;
    static GreenMail mail;
    static Relay relay;
    static RelayAdmin admin;
    static String siteId;
    static final Release release = new Release();
    static final List<SlotAppliance> site = new ArrayList<>();
    static Path goodImage;

    @BeforeAll
    static void start() throws IOException {
        vertx = Vertx.vertx();
        int smtpPort = LoopbackPort.free();
        mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        Path relayDir = Files.createDirectories(dir.resolve("relay"));
        ReleaseKey.trust(relayDir, release.publicKey());
        SmtpConfig smtp = SmtpConfig.of("127.0.0.1", smtpPort, "relay@osiris.test").withStarttls(false)
                .withDefaultRecipient(PARTNER_MAIL)
                .withTiming(Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofMillis(200));
        relay = Await.result(Relay.start(vertx, RelayConfig.defaults(relayDir).withSmtp(smtp)), Duration.ofMinutes(3));
        admin = relay.admin();
        siteId = Await.result(admin.createSite("Riverside Dental"));
        Files.createDirectories(dir.resolve("releases"));
        for (int i = 0; i < APPLIANCES; i++) {
            RelayAdmin.Provisioned p = Await.result(admin.provisionAppliance(siteId));
            SlotAppliance a = SlotAppliance.prepare(vertx, dir.resolve("appliance-" + i), siteId,
                    URI.create(relay.baseUrl()), p.applianceId(), p.apiKey(), release.publicKey(), Duration.ofSeconds(1));
            site.add(a);
            a.start();
        }
    }

    @AfterAll
    static void stop() {
        site.forEach(SlotAppliance::close);
        if (relay != null) {
            Await.result(relay.close(), Duration.ofMinutes(1));
        }
        if (mail != null) {
            mail.stop();
        }
        if (vertx != null) {
            Await.result(vertx.close());
        }
    }

    @Test
    @Order(1)
    void aGoodReleaseRollsOutGroupByGroupAndCommitsOnEveryAppliance() throws Exception {
        goodImage = dir.resolve("releases/1.1.0.img");
        RolloutView created = rollOut("1.1.0", goodImage, 110);
        Map<String, String> gates = drive(created.id(), "1.1.0", TrialBoot.HEALTHY,
                v -> v.status().equals("finished"));

        RolloutView done = show(created.id());
        assertThat(done.groups()).extracting(RolloutView.Group::total).containsExactly(1, APPLIANCES - 1);
        assertThat(done.groups()).extracting(RolloutView.Group::committed).containsExactly(1, APPLIANCES - 1);
        assertThat(done.groups()).allSatisfy(g -> assertThat(g.failed()).isZero());
        // the second group started only once the first had met its threshold
        assertThat(done.groups().get(1).startedAt().orElseThrow())
                .isAfterOrEqualTo(done.groups().get(0).succeededAt().orElseThrow());
        for (SlotAppliance a : site) {
            UpdateJob job = a.update();
            assertThat(job.state()).as(a.id() + ": " + job.describe()).isEqualTo(UpdateState.COMMITTED);
            assertThat(job.release().rolloutId()).isEqualTo(created.id());
            assertThat(a.slot(Slot.B)).as(a.id() + " slot B").isEqualTo(Files.readAllBytes(goodImage));
            assertThat(gates.get(a.id())).contains("slot B: commit;");
        }
    }

    @Test
    @Order(2)
    void aBadReleaseRollsBackOnTheFirstGroupAndPausesTheRolloutBeforeTheSecondMailingThePartner() throws Exception {
        RolloutView created = rollOut("1.2.0", dir.resolve("releases/1.2.0.img"), 120);
        Map<String, String> gates = drive(created.id(), "1.2.0", TrialBoot.FAILS_ITS_GATE,
                v -> v.status().equals("paused"));

        RolloutView paused = show(created.id());
        assertThat(paused.reason()).contains("group 1");
        assertThat(paused.groups().get(0).failed()).isEqualTo(1);
        assertThat(paused.groups().get(1).status().wire()).as("the second group never started").isEqualTo("scheduled");
        assertThat(paused.groups().get(1).ordered() + paused.groups().get(1).committed()).isZero();
        assertThat(gates).hasSize(1);
        String first = gates.keySet().iterator().next();
        for (SlotAppliance a : site) {
            UpdateJob job = a.update();
            if (a.id().equals(first)) {
                assertThat(job.state()).as(job.describe()).isEqualTo(UpdateState.ROLLED_BACK);
                assertThat(job.release().rolloutId()).isEqualTo(created.id());
                assertThat(a.slot(Slot.B)).as("the fallback slot still holds 1.1.0").isEqualTo(Files.readAllBytes(goodImage));
                assertThat(gates.get(first)).as("each trial boot failed its gate, then GRUB fell back")
                        .contains("slot A: retry;").contains("slot A: give_up;").contains("slot B: rolled_back;");
            } else {
                assertThat(job.state()).as(a.id() + " of group 2 was never ordered").isEqualTo(UpdateState.COMMITTED);
                assertThat(job.version()).isEqualTo("1.1.0");
            }
        }
        Await.until("the partner is mailed about the pause", () -> mail.getReceivedMessages().length > 0);
        MimeMessage m = mail.getReceivedMessages()[0];
        assertThat(m.getAllRecipients()[0].toString()).isEqualTo(PARTNER_MAIL);
        assertThat(m.getSubject() + GreenMailUtil.getBody(m)).contains("ROLLOUT-PAUSED").contains(created.id());

        // the pause holds: further check-ins of the second group bring no order
        for (SlotAppliance a : site) {
            Await.result(a.agent().checkinNow());
        }
        assertThat(show(created.id()).groups().get(1).ordered()).isZero();
        assertThat(site.stream().filter(a -> !a.id().equals(first)).map(a -> {
            try {
                return a.update().state();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        })).containsOnly(UpdateState.COMMITTED);
    }

    @Test
    @Order(3)
    void resolvingThePauseIncidentLeavesTheRolloutPausedAndTheAgentsAsTheyAreUntilTheOperatorAborts() throws Exception {
        String rolloutId = Await.result(admin.rollouts().list(Tenant.ANY)).stream()
                .filter(v -> v.status().equals("paused")).findFirst().orElseThrow().id();
        StoredIncident pause = Await.result(admin.incidents(siteId, "open")).stream()
                .filter(i -> i.incident().runbookId().equals("ROLLOUT-PAUSED")).findFirst().orElseThrow();
        Map<String, UpdateState> before = new HashMap<>();
        for (SlotAppliance a : site) {
            before.put(a.id(), a.update().state());
        }
        Await.result(admin.resolve(siteId, pause.incident().id(), new ResolveRequest("manual", null,
                "1.2.0 pulled: its health gate fails on our appliances"), "ops@msp.test"));
        for (SlotAppliance a : site) {
            // the resolution goes out with the failed appliance's answer; nothing of it runs on an appliance
            Await.result(a.agent().checkinNow());
            Await.result(a.agent().checkinNow());
            assertThat(a.update().state()).as(a.id()).isEqualTo(before.get(a.id()));
        }
        assertThat(Await.result(admin.incidents(siteId, "open")).stream()
                .map(i -> i.incident().runbookId())).doesNotContain("ROLLOUT-PAUSED");
        RolloutView still = show(rolloutId);
        assertThat(still.status()).as("resolving the incident is not resuming the rollout").isEqualTo("paused");
        assertThat(still.groups().get(1).ordered()).isZero();

        RolloutView aborted = Await.result(admin.rollouts().abort(Tenant.ANY, rolloutId, "ops@msp.test"));
        assertThat(aborted.status()).isEqualTo("aborted");
        for (SlotAppliance a : site) {
            Await.result(a.agent().checkinNow());
            assertThat(a.update().state()).as(a.id() + " after the abort").isEqualTo(before.get(a.id()));
        }
        assertThat(show(rolloutId).groups().get(1).ordered()).as("nothing ordered after the abort").isZero();
    }

    /** Publishes a release of a fresh image and rolls it out to the site in two groups: 1, then the rest. */
    private static RolloutView rollOut(String version, Path image, long seed) throws IOException {
        Release.writeImage(image, IMAGE_BYTES, seed);
        Path manifest = release.manifest(version, image, dir.resolve("releases"));
        Await.result(admin.releases().addImage(version, image, manifest, "release-engineer"));
        List<RolloutSpec.Group> groups = List.of(
                new RolloutSpec.Group(GroupSize.parse("1"), new GroupPolicy(100, 50, Duration.ZERO)),
                new RolloutSpec.Group(GroupSize.REST, new GroupPolicy(100, 50, Duration.ZERO)));
        return Await.result(admin.rollouts().create(Tenant.ANY, new RolloutSpec(version,
                RolloutTargets.sites(List.of(siteId)), groups, Duration.ofMinutes(10)), "ops@msp.test"));
    }

    /**
     * Lets the agents check in (every second) until the rollout is {@code done}, rebooting each appliance whose
     * updater asks for it, its trial boot going as {@code trial} says. Returns what each rebooted one's gates said.
     */
    private static Map<String, String> drive(String rolloutId, String version, TrialBoot trial,
                                             java.util.function.Predicate<RolloutView> done) {
        Map<String, String> gates = new ConcurrentHashMap<>();
        Set<String> rebooted = ConcurrentHashMap.newKeySet();
        Await.until("rollout " + rolloutId + " of " + version, ROLLOUT_TIMEOUT, () -> {
            for (SlotAppliance a : site) {
                try {
                    UpdateJob job = a.update();
                    if (job.state() == UpdateState.REBOOTING && job.version().equals(version) && rebooted.add(a.id())) {
                        gates.put(a.id(), a.reboot(trial));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return done.test(show(rolloutId));
        });
        return new HashMap<>(gates);
    }

    private static RolloutView show(String id) {
        return Await.result(admin.rollouts().show(Tenant.ANY, id));
    }
}
