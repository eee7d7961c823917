package dev.osiris.relay.app;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.osiris.protocol.Api;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.release.SignedManifest;
import dev.osiris.relay.RelayException;
import dev.osiris.relay.alerts.SmtpConfig;
import dev.osiris.relay.release.Release;
import dev.osiris.relay.release.ReleaseKey;
import dev.osiris.relay.release.Releases;
import dev.osiris.relay.rollout.GroupPolicy;
import dev.osiris.relay.rollout.GroupSize;
import dev.osiris.relay.rollout.MaintenanceWindow;
import dev.osiris.relay.rollout.RolloutSpec;
import dev.osiris.relay.rollout.RolloutTargets;
import dev.osiris.relay.rollout.RolloutView;
import dev.osiris.relay.store.Tenant;
import dev.osiris.testing.Await;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Releases and staged rollouts against a real relay on the embedded PostgreSQL, with simulated appliances speaking
 * the real check-in protocol and a real SMTP server (GreenMail) for the pause mail.
 */
class FleetUpdateIT {

    @TempDir
    static Path dataDir;
    @TempDir
    static Path work;

    static TestRelay site;
    static RelayAdmin admin;
    static Http http;
    static Mailbox mail;
    static final ApplianceKey RELEASE_KEY = ApplianceKey.generate(new SecureRandom());
    private static int nextVersion = 10;

    @BeforeAll
    static void start() throws IOException {
        mail = new Mailbox();
        SmtpConfig smtp = SmtpConfig.of("127.0.0.1", mail.port, "relay@osiris.test").withStarttls(false)
                .withDefaultRecipient("noc@msp.test")
                .withTiming(Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofMillis(200));
        ReleaseKey.trust(dataDir, RELEASE_KEY.publicKey().base64());
        site = TestRelay.start(RelayConfig.defaults(dataDir).withSmtp(smtp), "ops");
        admin = site.admin;
        http = site.http;
    }

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
        if (mail != null) {
            mail.close();
        }
    }

    /** A signed release of a fresh version with a small image, added to the relay. */
    private static Release release() throws IOException {
        String version = "1." + (nextVersion++) + ".0";
        Path image = image(version);
        Path manifest = sign(RELEASE_KEY, image, version);
        return Await.result(admin.releases().addImage(version, image, manifest, "test"));
    }

    private static Path image(String version) throws IOException {
        byte[] bytes = new byte[64 * 1024 + 17];
        new SecureRandom().nextBytes(bytes);
        return Files.write(work.resolve(version + ".img"), bytes);
    }

    private static Path sign(ApplianceKey key, Path image, String version) throws IOException {
        SignedManifest signed = SignedManifest.sign(key, new SignedManifest.Manifest(version, Files.size(image),
                Releases.sha256(image), false));
        // the key's hex fingerprint names the file: its base64 may hold a '/'
        String keyName = dev.osiris.protocol.evidence.EvidenceCodec.hex(
                dev.osiris.protocol.evidence.EvidenceCodec.sha256(key.publicKey().base64().getBytes())).substring(0, 12);
        return Files.write(work.resolve(version + "-" + keyName + ".json"),
                Json.bytes(signed.toJson()));
    }

    private static List<FleetAppliance> fleet(String siteId, int n) {
        return IntStream.range(0, n).mapToObj(i -> new FleetAppliance(admin, siteId)).toList();
    }

    private static RolloutSpec spec(String release, RolloutTargets targets, String sizes, int success, int error) {
        List<RolloutSpec.Group> groups = Arrays.stream(sizes.split(",")).map(s -> new RolloutSpec.Group(
                GroupSize.parse(s), new GroupPolicy(success, error, Duration.ZERO))).toList();
        return new RolloutSpec(release, targets, groups, Duration.ofMinutes(10));
    }

    private static RolloutView show(String id) {
        return Await.result(admin.rollouts().show(Tenant.ANY, id));
    }

    /** Every appliance checks in, round after round, until {@code done} holds of the rollout. */
    private static RolloutView driveUntil(String what, List<FleetAppliance> fleet, String rolloutId,
                                          java.util.function.Predicate<RolloutView> done) {
        RolloutView[] last = new RolloutView[1];
        Await.until(what, Duration.ofSeconds(90), () -> {
            fleet.forEach(a -> assertThat(a.checkin(http).status()).as(a.id()).isEqualTo(200));
            last[0] = show(rolloutId);
            return done.test(last[0]);
        });
        return last[0];
    }

    @Test
    void aReleaseSignedByTheTrustedKeyIsAddedAndListedAndRefusedTwice() throws IOException {
        Release r = release();
        assertThat(Await.result(admin.releases().list())).extracting(Release::version).contains(r.version());
        Path image = image("9.9.9");
        Path manifest = sign(RELEASE_KEY, image, r.version());
        RelayException duplicate = Await.failure(admin.releases().addImage(r.version(), image, manifest, "t"),
                RelayException.class);
        assertThat(duplicate.getMessage()).isIn("release " + r.version() + " exists already",
                "--image " + image + " (" + Files.size(image) + " bytes, sha256 " + Releases.sha256(image)
                        + ") is not the image the manifest names (" + Files.size(image) + " bytes, sha256 "
                        + Releases.sha256(image) + ")");
        assertThat(duplicate.status()).isIn(409, 400);
    }

    @Test
    void aManifestSignedByAnotherKeyIsRefusedAndNothingIsStored() throws IOException {
        Path image = image("2.0.0");
        Path manifest = sign(ApplianceKey.generate(new SecureRandom()), image, "2.0.0");
        RelayException e = Await.failure(admin.releases().addImage("2.0.0", image, manifest, "t"), RelayException.class);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("manifest.signature: not signed by the release key this relay trusts");
        assertThat(Await.result(admin.releases().list())).extracting(Release::version).doesNotContain("2.0.0");
        assertThat(dataDir.resolve(Releases.DIRECTORY).resolve("2.0.0.img")).doesNotExist();
    }

    @Test
    void anUnsignedManifestIsRefusedSayingSo() throws IOException {
        Path image = image("2.1.0");
        Path manifest = Files.writeString(work.resolve("unsigned.json"), "{\"manifest\":\"e30=\"}");
        RelayException e = Await.failure(admin.releases().addImage("2.1.0", image, manifest, "t"), RelayException.class);
        assertThat(e.getMessage()).isEqualTo("manifest.signature is missing: the manifest is not signed");
    }

    @Test
    void aManifestForAnotherImageIsRefused() throws IOException {
        Path image = image("2.2.0");
        Path manifest = sign(RELEASE_KEY, image, "2.2.0");
        Path other = image("2.2.0-other");
        RelayException e = Await.failure(admin.releases().addImage("2.2.0", other, manifest, "t"), RelayException.class);
        assertThat(e.getMessage()).contains("is not the image the manifest names");
    }

    @Test
    void theImageIsServedOnlyToARequestSignedByTheAppliancesPinnedKeyAndResumesWithRange() throws IOException {
        Release r = release();
        byte[] image = Files.readAllBytes(work.resolve(r.version() + ".img"));
        String siteId = Await.result(admin.createSite("Image office"));
        FleetAppliance a = fleet(siteId, 1).getFirst();
        String path = "/api/releases/" + r.version() + "/image";
        assertThat(http.bytes(path, a.appliance.signedGet(path)).status()).as("no key pinned before a check-in")
                .isEqualTo(401);
        a.checkin(http);
        assertThat(http.send("GET", path, null, Map.of()).status()).isEqualTo(401);
        Http.Reply keyOnly = http.send("GET", path, null, Map.of(Api.API_KEY_HEADER, a.appliance.apiKey));
        assertThat(keyOnly.status()).as("the API key alone").isEqualTo(401);
        assertThat(keyOnly.json().get("error").asText()).isEqualTo("X-Osiris-Signature header is required");
        Map<String, String> otherKey = new HashMap<>(new TestAppliance(Await.result(admin.provisionAppliance(siteId)))
                .signedGet(path));
        otherKey.put(Api.API_KEY_HEADER, a.appliance.apiKey);
        Http.Reply forged = http.send("GET", path, null, otherKey);
        assertThat(forged.status()).as("signed by a key other than the pinned one").isEqualTo(401);
        assertThat(forged.json().get("error").asText()).contains("does not verify under the appliance's pinned key");

        Map<String, String> signed = a.appliance.signedGet(path);
        Http.Bytes whole = http.bytes(path, signed);
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(image);
        assertThat(http.bytes(path, signed).status()).as("the same signed request again (a replay)").isEqualTo(401);
        Map<String, String> ranged = new HashMap<>(a.appliance.signedGet(path));
        ranged.put("Range", "bytes=1000-");
        Http.Bytes tail = http.bytes(path, ranged);
        assertThat(tail.status()).isEqualTo(206);
        assertThat(tail.header("Content-Range")).isEqualTo("bytes 1000-" + (image.length - 1) + "/" + image.length);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(image, 1000, image.length));
        Map<String, String> beyond = new HashMap<>(a.appliance.signedGet(path));
        beyond.put("Range", "bytes=" + image.length + "-");
        assertThat(http.bytes(path, beyond).status()).isEqualTo(416);
        Map<String, String> forAnother = a.appliance.signedGet("/api/releases/0.0.1/image");
        assertThat(http.bytes(path, forAnother).status()).as("signed for another image").isEqualTo(401);
    }

    @Test
    void aRolloutAdvancesGroupByGroupPausesAtTheFailingGroupMailsAndResumesSkippingTheFailures() throws Exception {
        Release r = release();
        String siteId = Await.result(admin.createSite("Dental group"));
        List<FleetAppliance> fleet = fleet(siteId, 12);
        // groups of 1, 3, 3 and 5; the first two of group 3 (targets 5 and 6 in id order) fail
        RolloutView created = Await.result(admin.rollouts().create(Tenant.ANY,
                spec(r.version(), RolloutTargets.sites(List.of(siteId)), "1,25%,25%,rest", 100, 34), "test"));
        assertThat(created.groups()).extracting(RolloutView.Group::total).containsExactly(1, 3, 3, 5);
        List<String> order = fleet.stream().map(FleetAppliance::id).sorted().toList();
        List<String> failing = order.subList(4, 6);
        fleet.stream().filter(a -> failing.contains(a.id())).forEach(a -> a.fails = true);

        RolloutView paused = driveUntil("the rollout pauses", fleet, created.id(), v -> !v.status().equals("running"));
        assertThat(paused.status()).isEqualTo("paused");
        assertThat(paused.reason()).startsWith("group 3: ");
        assertThat(paused.groups().get(0).committed()).isEqualTo(1);
        assertThat(paused.groups().get(1).committed()).isEqualTo(3);
        assertThat(paused.groups().get(2).failed()).isGreaterThanOrEqualTo(2);
        assertThat(paused.groups().get(3).status().wire()).isEqualTo("scheduled");
        assertThat(paused.groups().get(3).ordered() + paused.groups().get(3).committed()).isZero();
        Await.until("the partner is mailed about the pause", () -> !mail.to("noc@msp.test").isEmpty());
        MimeMessage m = mail.to("noc@msp.test").getFirst();
        assertThat(m.getSubject() + GreenMailUtil.getBody(m)).contains("ROLLOUT-PAUSED");

        Await.result(admin.rollouts().resume(Tenant.ANY, created.id(), failing, "test"));
        fleet.forEach(a -> a.fails = false);
        RolloutView finished = driveUntil("the rollout finishes", fleet, created.id(),
                v -> v.status().equals("finished"));
        assertThat(finished.groups()).extracting(RolloutView.Group::committed).containsExactly(1, 3, 1, 5);
        assertThat(finished.groups().get(2).skipped()).isEqualTo(2);

        List<String> history = Await.result(admin.rollouts().history(Tenant.ANY, created.id()));
        assertThat(history.stream().filter(h -> h.startsWith("group-started")).map(h -> h.split("\t")[1]))
                .containsExactly("1", "2", "3", "4");
        assertThat(history.stream().filter(h -> h.startsWith("assigned")).count()).isEqualTo(12);
        assertThat(fleet).allSatisfy(a -> assertThat(a.updateOrders).hasSize(1));
    }

    @Test
    void abortWithdrawsPendingOrdersAndLeavesCommittedAppliancesAlone() throws Exception {
        Release r = release();
        String siteId = Await.result(admin.createSite("Abort office"));
        List<FleetAppliance> fleet = fleet(siteId, 4);
        RolloutView created = Await.result(admin.rollouts().create(Tenant.ANY,
                spec(r.version(), RolloutTargets.sites(List.of(siteId)), "1,rest", 100, 50), "test"));
        driveUntil("group 1 commits", fleet, created.id(), v -> v.groups().get(0).committed() == 1);
        RolloutView aborted = Await.result(admin.rollouts().abort(Tenant.ANY, created.id(), "test"));
        assertThat(aborted.status()).isEqualTo("aborted");
        assertThat(aborted.groups().get(0).committed()).isEqualTo(1);
        fleet.forEach(a -> a.checkin(http));
        fleet.forEach(a -> a.checkin(http));
        assertThat(fleet.stream().mapToInt(a -> a.updateOrders.size()).sum()).as("only group 1 was ordered")
                .isLessThanOrEqualTo(4);
        assertThat(show(created.id()).groups().get(0).committed()).isEqualTo(1);
        RelayException again = Await.failure(admin.rollouts().abort(Tenant.ANY, created.id(), "test"),
                RelayException.class);
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void aClosedMaintenanceWindowHoldsTheOrderAndApprovalHoldsTheStart() throws Exception {
        Release r = release();
        String partner = Await.result(admin.createPartner("Careful MSP"));
        String siteId = Await.result(admin.createSite(partner, "Night office"));
        List<FleetAppliance> fleet = fleet(siteId, 1);
        Await.result(admin.rollouts().setApproval(partner, true));
        // a window that is closed now: the hour after the next one, today only
        Instant now = Instant.now();
        var utc = now.atZone(java.time.ZoneOffset.UTC);
        String hours = String.format("%02d:00-%02d:00", (utc.getHour() + 2) % 24, (utc.getHour() + 3) % 24);
        String day = utc.getDayOfWeek().name().substring(0, 3).toLowerCase(java.util.Locale.ROOT);
        MaintenanceWindow window = MaintenanceWindow.parse("UTC", day, hours);
        assertThat(window.isOpen(now)).isFalse();
        Await.result(admin.rollouts().setWindow(Tenant.ANY, siteId, Optional.of(window)));
        RolloutView created = Await.result(admin.rollouts().create(Tenant.partner(partner),
                spec(r.version(), RolloutTargets.all(), "rest", 100, 50), "test"));
        assertThat(created.status()).isEqualTo("awaiting-approval");
        Await.result(admin.rollouts().approve(Tenant.partner(partner), created.id(), "boss"));
        Await.until("the first group runs", () -> show(created.id()).groups().get(0).status().wire().equals("running"));
        for (int i = 0; i < 3; i++) {
            fleet.getFirst().checkin(http);
        }
        assertThat(fleet.getFirst().updateOrders).as("window closed").isEmpty();
        Await.result(admin.rollouts().setWindow(Tenant.ANY, siteId, Optional.empty()));
        Await.until("the order arrives once the window is open", () -> {
            fleet.getFirst().checkin(http);
            return !fleet.getFirst().updateOrders.isEmpty();
        });
    }

    @Test
    void badInputIsRefusedWithAClearMessageAndNothingChanges() throws Exception {
        Release r = release();
        String siteId = Await.result(admin.createSite("Strict office"));
        List<FleetAppliance> fleet = fleet(siteId, 3);
        String otherPartner = Await.result(admin.createPartner("Other MSP"));
        String otherSite = Await.result(admin.createSite(otherPartner, "Not yours"));
        int before = Await.result(admin.rollouts().list(Tenant.ANY)).size();

        RelayException unknown = Await.failure(admin.rollouts().create(Tenant.ANY,
                spec("7.7.7", RolloutTargets.sites(List.of(siteId)), "rest", 100, 50), "t"), RelayException.class);
        assertThat(unknown.getMessage()).isEqualTo("release 7.7.7 is unknown (release add first)");
        RelayException foreign = Await.failure(admin.rollouts().create(Tenant.partner(Tenant.DEFAULT_PARTNER),
                spec(r.version(), RolloutTargets.sites(List.of(otherSite)), "rest", 100, 50), "t"), RelayException.class);
        assertThat(foreign.status()).isEqualTo(404);
        RelayException uncovered = Await.failure(admin.rollouts().create(Tenant.ANY,
                spec(r.version(), RolloutTargets.sites(List.of(siteId)), "1,1", 100, 50), "t"), RelayException.class);
        assertThat(uncovered.getMessage()).isEqualTo("the groups cover 2 of 3 targets; end with a group of the rest");

        Http.Reply outOfRange = http.operator("POST", "/api/rollouts", site.operatorKey, "{\"release\":\""
                + r.version() + "\",\"targets\":{\"sites\":[\"" + siteId + "\"]},\"groups\":[{\"size\":\"rest\","
                + "\"successThreshold\":101,\"errorThreshold\":10}]}");
        assertThat(outOfRange.status()).isEqualTo(400);
        assertThat(outOfRange.json().get("error").asText()).contains("success threshold must be between 1 and 100 %");
        assertThat(Await.result(admin.rollouts().list(Tenant.ANY))).hasSize(before);

        String otherKey = Await.result(admin.createOperatorKey("mallory", otherPartner));
        RolloutView mine = Await.result(admin.rollouts().create(Tenant.ANY,
                spec(r.version(), RolloutTargets.sites(List.of(siteId)), "rest", 100, 50), "t"));
        assertThat(http.operator("GET", "/api/rollouts/" + mine.id(), otherKey, null).status()).isEqualTo(404);
        assertThat(http.operator("POST", "/api/rollouts/" + mine.id() + "/abort", otherKey, null).status())
                .isEqualTo(404);
        assertThat(http.operator("GET", "/api/rollouts/" + mine.id(), site.operatorKey, null).status()).isEqualTo(200);

        FleetAppliance stranger = fleet(otherSite, 1).getFirst();
        stranger.checkin(http);
        Http.Reply notIn = stranger.send(http, stranger.reportFor("committed", r.version(), mine.id()));
        assertThat(notIn.status()).isEqualTo(400);
        assertThat(notIn.json().get("error").asText()).isEqualTo("checkin.update.rolloutId: appliance "
                + stranger.id() + " is not in rollout " + mine.id());
        assertThat(Await.result(admin.sql("SELECT state FROM appliance_update_state WHERE appliance_id = '"
                + stranger.id() + "'")).iterator().next().getString(0)).isEqualTo("idle");
        assertThat(show(mine.id()).groups().getFirst().committed()).isZero();
        Await.result(admin.rollouts().abort(Tenant.ANY, mine.id(), "t"));
    }

    @Test
    void anApplianceThatDoesNotReportInTimeCountsAsFailedAndPausesTheRollout() throws Exception {
        Release r = release();
        String siteId = Await.result(admin.createSite("Silent office"));
        List<FleetAppliance> fleet = fleet(siteId, 2);
        fleet.getFirst().stalls = true;
        List<RolloutSpec.Group> groups = List.of(new RolloutSpec.Group(GroupSize.REST,
                new GroupPolicy(100, 50, Duration.ZERO)));
        RolloutView created = Await.result(admin.rollouts().create(Tenant.ANY, new RolloutSpec(r.version(),
                RolloutTargets.sites(List.of(siteId)), groups, Duration.ofSeconds(2)), "test"));
        RolloutView paused = driveUntil("the silent appliance times out", fleet, created.id(),
                v -> v.status().equals("paused"));
        assertThat(paused.groups().getFirst().failed()).isEqualTo(1);
        assertThat(paused.groups().getFirst().committed()).isEqualTo(1);
        assertThat(Await.result(admin.sql("SELECT state, reason FROM rollout_targets WHERE appliance_id = '"
                + fleet.getFirst().id() + "'")).iterator().next().getString("reason"))
                .isEqualTo("no settled update state within 2 s of the order");
        Await.result(admin.rollouts().abort(Tenant.ANY, created.id(), "t"));
    }

    @Test
    void theDatabaseWindowRuleAgreesWithTheJavaOne() throws Exception {
        String siteId = Await.result(admin.createSite("Window office"));
        MaintenanceWindow w = MaintenanceWindow.parse("Europe/Berlin", "fri,sat", "22:30-04:15");
        Await.result(admin.rollouts().setWindow(Tenant.ANY, siteId, Optional.of(w)));
        Instant start = Instant.parse("2026-12-10T00:00:00Z");
        for (int i = 0; i < 7 * 24 * 4; i++) {
            Instant at = start.plus(Duration.ofMinutes(15L * i + 7));
            boolean db = Await.result(admin.sql("SELECT maintenance_window_open('" + siteId + "', '" + at
                    + "'::timestamptz)")).iterator().next().getBoolean(0);
            assertThat(db).as(at.toString()).isEqualTo(w.isOpen(at));
        }
    }

    @Test
    void theAdminApiAddsAReleaseAtAnHttpsUrlAndOtherPartnersMayNot() throws Exception {
        String version = "1." + (nextVersion++) + ".0";
        SignedManifest signed = SignedManifest.sign(RELEASE_KEY, new SignedManifest.Manifest(version, 1234,
                "ab".repeat(32), false));
        String body = "{\"version\":\"" + version + "\",\"manifest\":" + Json.text(signed.toJson())
                + ",\"url\":\"https://releases.osiris.invalid/" + version + ".img\"}";
        String otherKey = Await.result(admin.createOperatorKey("eve", Await.result(admin.createPartner("Eve MSP"))));
        assertThat(http.operator("POST", "/api/releases", otherKey, body).status()).isEqualTo(403);
        Http.Reply added = http.operator("POST", "/api/releases", site.operatorKey, body);
        assertThat(added.status()).as(added.text()).isEqualTo(201);
        assertThat(added.json().get("source").asText()).startsWith("https://releases.osiris.invalid/");
        Http.Reply listed = http.operator("GET", "/api/releases", site.operatorKey, null);
        assertThat(listed.text()).contains(version);
        Http.Reply plain = http.operator("POST", "/api/releases", site.operatorKey, body.replace("https://", "http://"));
        assertThat(plain.status()).isEqualTo(400);
    }

    @Test
    void aReSentStateReportIsCountedOnce() throws Exception {
        Release r = release();
        String siteId = Await.result(admin.createSite("Resend office"));
        List<FleetAppliance> fleet = fleet(siteId, 2);
        RolloutView created = Await.result(admin.rollouts().create(Tenant.ANY,
                spec(r.version(), RolloutTargets.sites(List.of(siteId)), "rest", 100, 100), "test"));
        Await.until("both appliances are ordered", () -> {
            fleet.forEach(a -> a.checkin(http));
            return fleet.stream().allMatch(a -> !a.updateOrders.isEmpty());
        });
        FleetAppliance a = fleet.getFirst();
        var failed = a.reportFor("failed", r.version(), created.id());
        assertThat(a.send(http, failed).status()).isEqualTo(200);
        assertThat(a.send(http, failed).status()).isEqualTo(200);
        assertThat(show(created.id()).groups().getFirst().failed()).isEqualTo(1);
        var rows = Await.result(admin.sql("SELECT count(*) FROM rollout_events WHERE rollout_id = '" + created.id()
                + "' AND kind = 'assigned'"));
        assertThat(rows.iterator().next().getLong(0)).isEqualTo(2);
        Await.result(admin.rollouts().abort(Tenant.ANY, created.id(), "t"));
    }

    @Test
    void aReportCountsForTheRolloutItNamesAndOneNamingNoneByVersionAndTime() throws Exception {
        Release r = release();
        String siteId = Await.result(admin.createSite("Second try office"));
        FleetAppliance a = fleet(siteId, 1).getFirst();
        RolloutView first = Await.result(admin.rollouts().create(Tenant.ANY,
                spec(r.version(), RolloutTargets.sites(List.of(siteId)), "rest", 100, 100), "test"));
        Await.until("the first rollout orders", () -> a.checkin(http).status() == 200 && !a.updateOrders.isEmpty());
        Await.result(admin.rollouts().abort(Tenant.ANY, first.id(), "test"));
        RolloutView second = Await.result(admin.rollouts().create(Tenant.ANY,
                spec(r.version(), RolloutTargets.sites(List.of(siteId)), "rest", 100, 100), "test"));
        Await.until("the second rollout orders", () -> a.checkin(http).status() == 200 && a.updateOrders.size() == 2);
        assertThat(a.updateOrders.get(1).payload().get("rolloutId").asText()).isEqualTo(second.id());

        assertThat(a.send(http, a.reportFor("rolled-back", r.version(), first.id())).status()).isEqualTo(200);
        assertThat(show(second.id()).groups().getFirst().failed()).as("a report for the aborted rollout").isZero();
        Instant beforeTheOrder = Instant.now().minus(Duration.ofHours(1));
        assertThat(a.send(http, a.reportFor("rolled-back", r.version(), null, beforeTheOrder)).status()).isEqualTo(200);
        assertThat(show(second.id()).groups().getFirst().failed()).as("an older agent's report from before the order")
                .isZero();
        assertThat(a.send(http, a.reportFor("committed", r.version(), null)).status()).isEqualTo(200);
        RolloutView.Group g = show(second.id()).groups().getFirst();
        assertThat(g.committed()).as("an older agent's report, matched by version and time").isEqualTo(1);
        assertThat(g.failed()).isZero();
        assertThat(show(first.id()).groups().getFirst().committed()).isZero();
    }

    @Test
    void thePartnersOperatorSetsWindowsAndTagsThroughTheApiAndTheRolloutHonoursThem() throws Exception {
        Release r = release();
        String partner = Await.result(admin.createPartner("Windowed MSP"));
        String siteId = Await.result(admin.createSite(partner, "Windowed office"));
        String key = Await.result(admin.createOperatorKey("windowed-ops", partner));
        String eve = Await.result(admin.createOperatorKey("eve", Await.result(admin.createPartner("Eve's MSP"))));
        List<FleetAppliance> fleet = fleet(siteId, 2);
        FleetAppliance pilot = fleet.getFirst();
        String window = "/api/sites/" + siteId + "/maintenance-window";
        var utc = Instant.now().atZone(java.time.ZoneOffset.UTC);
        String closed = "{\"zone\":\"UTC\",\"days\":\"" + utc.getDayOfWeek().name().substring(0, 3)
                .toLowerCase(java.util.Locale.ROOT) + "\",\"hours\":\"" + String.format("%02d:00-%02d:00",
                (utc.getHour() + 2) % 24, (utc.getHour() + 3) % 24) + "\"}";

        assertThat(http.operator("PUT", window, eve, closed).status()).as("another partner's site").isEqualTo(404);
        assertThat(http.operator("DELETE", window, eve, null).status()).as("another partner's site").isEqualTo(404);
        Http.Reply zone = http.operator("PUT", window, key, closed.replace("\"UTC\"", "\"Mars/Olympus\""));
        assertThat(zone.status()).isEqualTo(400);
        assertThat(zone.json().get("error").asText()).startsWith("window: ");
        assertThat(http.operator("PUT", window, key, "{\"zone\":\"UTC\"}").status()).isEqualTo(400);
        Http.Reply set = http.operator("PUT", window, key, closed);
        assertThat(set.status()).as(set.text()).isEqualTo(200);

        String tags = "/api/appliances/" + pilot.id() + "/tags";
        assertThat(http.operator("POST", tags, eve, "{\"tag\":\"pilot\"}").status()).isEqualTo(404);
        Http.Reply bad = http.operator("POST", tags, key, "{\"tag\":\"Not A Tag\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).contains("a tag is 1 to 63 of a-z 0-9 . _ -");
        assertThat(http.operator("POST", tags, key, "{\"tag\":\"pilot\"}").status()).isEqualTo(200);

        RolloutView created = Await.result(admin.rollouts().create(Tenant.partner(partner),
                spec(r.version(), RolloutTargets.tagged("pilot"), "rest", 100, 50), "test"));
        assertThat(created.groups().getFirst().total()).as("only the tagged appliance").isEqualTo(1);
        Await.until("the group runs", () -> show(created.id()).groups().getFirst().status().wire().equals("running"));
        for (int i = 0; i < 3; i++) {
            pilot.checkin(http);
        }
        assertThat(pilot.updateOrders).as("the window set through the API is closed").isEmpty();
        assertThat(http.operator("DELETE", window, key, null).status()).isEqualTo(200);
        Await.until("the order arrives once the window is cleared", () -> {
            pilot.checkin(http);
            return !pilot.updateOrders.isEmpty();
        });
        fleet.get(1).checkin(http);
        assertThat(fleet.get(1).updateOrders).as("the untagged appliance").isEmpty();
        Await.result(admin.rollouts().abort(Tenant.ANY, created.id(), "t"));
    }

    @Test
    void theDatabaseRefusesAGroupRestartAndASecondActiveRollout() throws Exception {
        Release r = release();
        String siteId = Await.result(admin.createSite("Invariant office"));
        List<FleetAppliance> fleet = fleet(siteId, 2);
        RolloutView created = Await.result(admin.rollouts().create(Tenant.ANY,
                spec(r.version(), RolloutTargets.sites(List.of(siteId)), "1,rest", 100, 100), "test"));
        driveUntil("group 1 is done", fleet, created.id(), v -> v.groups().get(0).status().wire().equals("done"));
        List<String> refused = new ArrayList<>();
        for (String sql : List.of(
                "UPDATE rollout_groups SET status = 'running' WHERE rollout_id = '" + created.id() + "' AND position = 1",
                "UPDATE rollout_groups SET status = 'done' WHERE rollout_id = '" + created.id() + "' AND position = 2",
                "UPDATE rollout_events SET detail = 'x' WHERE rollout_id = '" + created.id() + "'")) {
            Throwable e = Await.failure(admin.sql(sql));
            refused.add(e.getMessage());
        }
        assertThat(refused.get(0)).contains("is not a forward transition");
        assertThat(refused.get(1)).contains("below its success threshold");
        // the runtime role may not even try; the trigger stops a role that may
        assertThat(refused.get(2)).containsAnyOf("permission denied for table rollout_events", "append-only");
        RelayException second = Await.failure(admin.rollouts().create(Tenant.ANY,
                spec(r.version(), RolloutTargets.sites(List.of(siteId)), "rest", 100, 100), "test"), RelayException.class);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.getMessage()).contains("is in active rollout " + created.id());
        Await.result(admin.rollouts().abort(Tenant.ANY, created.id(), "t"));
    }
}
