package dev.osiris.relay.app;

import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.release.SignedManifest;
import dev.osiris.relay.release.ReleaseKey;
import dev.osiris.relay.release.Releases;
import dev.osiris.relay.rollout.GroupPolicy;
import dev.osiris.relay.rollout.GroupSize;
import dev.osiris.relay.rollout.GroupStatus;
import dev.osiris.relay.rollout.RolloutSpec;
import dev.osiris.relay.rollout.RolloutTargets;
import dev.osiris.relay.rollout.RolloutView;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.relay.store.Tenant;
import dev.osiris.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay process is killed with SIGKILL mid-rollout and restarted, again and again, while the appliances keep
 * checking in: after every restart the rollout's invariants hold (no appliance assigned twice, groups started once
 * each and in order, at most one group open, at most one update order per appliance), and the rollout still
 * finishes with every appliance committed.
 */
class RolloutKillIT {

    private static final int KILLS = 5;

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    private Vertx vertx;
    private Backend backend;
    private RelayProcess relay;

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.close();
        }
        if (backend != null) {
            Await.result(backend.close());
        }
        if (vertx != null) {
            Await.result(vertx.close());
        }
    }

    @Test
    void invariantsHoldAfterEverySigkillAndTheRolloutFinishes() throws Exception {
        ApplianceKey releaseKey = ApplianceKey.generate(new SecureRandom());
        ReleaseKey.trust(dataDir, releaseKey.publicKey().base64());
        vertx = Vertx.vertx();
        // this backend starts the embedded PostgreSQL and keeps it across the relay process's deaths
        backend = Await.result(Backend.open(vertx, RelayConfig.defaults(dataDir), RunbookCatalog.builtIn()));
        RelayAdmin admin = new RelayAdmin(backend, backend.database.pool());
        byte[] bytes = new byte[4096];
        new SecureRandom().nextBytes(bytes);
        Path image = Files.write(work.resolve("img"), bytes);
        SignedManifest signed = SignedManifest.sign(releaseKey, new SignedManifest.Manifest("3.0.0", bytes.length,
                Releases.sha256(image), false));
        Path manifest = Files.write(work.resolve("manifest.json"), Json.bytes(signed.toJson()));
        Await.result(admin.releases().addImage("3.0.0", image, manifest, "test"));
        String siteId = Await.result(admin.createSite("Kill office"));
        List<FleetAppliance> fleet = IntStream.range(0, 16).mapToObj(i -> new FleetAppliance(admin, siteId)).toList();
        List<RolloutSpec.Group> groups = List.of("2", "25%", "25%", "rest").stream().map(s -> new RolloutSpec.Group(
                GroupSize.parse(s), new GroupPolicy(100, 50, Duration.ZERO))).toList();
        String rolloutId = Await.result(admin.rollouts().create(Tenant.ANY, new RolloutSpec("3.0.0",
                RolloutTargets.sites(List.of(siteId)), groups, Duration.ofMinutes(10)), "test")).id();

        relay = RelayProcess.start(dataDir);
        Http http = new Http(relay.awaitListening(Duration.ofSeconds(60)));
        List<String> checks = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        for (int kill = 1; kill <= KILLS; kill++) {
            // appliances check in while the relay is killed at a random moment: some answers are lost
            RelayProcess victim = relay;
            Thread killer = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(500 + random.nextInt(2_000)); // the fault's timing, not a synchronisation
                } catch (InterruptedException e) {
                    return;
                }
                victim.kill();
            });
            int lost = 0;
            while (killer.isAlive()) {
                for (FleetAppliance a : fleet) {
                    try {
                        a.checkin(http);
                    } catch (IllegalStateException e) {
                        lost++;
                    }
                }
            }
            checks.add(invariants(admin, rolloutId, "after kill " + kill + " (" + lost + " check-ins lost)"));
            relay = RelayProcess.start(dataDir);
            http = new Http(relay.awaitListening(Duration.ofSeconds(60)));
        }
        Http last = http;
        Await.until("the rollout finishes after the restarts", Duration.ofSeconds(120), () -> {
            fleet.forEach(a -> a.checkin(last));
            return show(admin, rolloutId).status().equals("finished");
        });
        checks.add(invariants(admin, rolloutId, "at the end"));
        RolloutView done = show(admin, rolloutId);
        assertThat(done.groups()).extracting(RolloutView.Group::committed).containsExactly(2, 4, 4, 6);
        assertThat(fleet).allSatisfy(a -> assertThat(a.updateOrders).as(a.id()).hasSize(1));
        System.out.println("rollout kill test: " + String.join("; ", checks));
    }

    private static RolloutView show(RelayAdmin admin, String id) {
        return Await.result(admin.rollouts().show(Tenant.ANY, id));
    }

    /** Checks the invariants in the database; @return what was checked, for the test's output */
    private static String invariants(RelayAdmin admin, String rolloutId, String when) {
        assertThat(Await.result(admin.sql("SELECT appliance_id FROM rollout_events WHERE rollout_id = '" + rolloutId
                + "' AND kind = 'assigned' GROUP BY appliance_id HAVING count(*) > 1")).size())
                .as(when + ": no appliance assigned twice").isZero();
        assertThat(Await.result(admin.sql("SELECT appliance_id FROM orders WHERE kind = 'update'"
                + " GROUP BY appliance_id HAVING count(*) > 1")).size()).as(when + ": one update order per appliance")
                .isZero();
        List<Integer> started = new ArrayList<>();
        for (Row r : Await.result(admin.sql("SELECT position FROM rollout_events WHERE rollout_id = '" + rolloutId
                + "' AND kind = 'group-started' ORDER BY id"))) {
            started.add(r.getInteger(0));
        }
        assertThat(started).as(when + ": groups started once each, in order")
                .isEqualTo(IntStream.rangeClosed(1, started.size()).boxed().toList());
        RolloutView v = show(admin, rolloutId);
        long open = v.groups().stream().filter(g -> g.status() == GroupStatus.RUNNING
                || g.status() == GroupStatus.SOAKING).count();
        assertThat(open).as(when + ": at most one group open").isLessThanOrEqualTo(1);
        boolean seenNotDone = false;
        for (RolloutView.Group g : v.groups()) {
            if (seenNotDone) {
                assertThat(g.status()).as(when + ": nothing starts before its predecessor is done")
                        .isEqualTo(GroupStatus.SCHEDULED);
            }
            if (g.status() == GroupStatus.DONE) {
                assertThat(g.committed()).as(when + ": a done group met its threshold").isEqualTo(g.total());
            } else {
                seenNotDone = true;
            }
        }
        return when + ": groups started " + started + ", " + v.groups().stream().mapToInt(RolloutView.Group::committed)
                .sum() + " committed";
    }
}
