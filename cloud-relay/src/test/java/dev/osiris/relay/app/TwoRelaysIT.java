package dev.osiris.relay.app;

import dev.osiris.testing.Await;
import dev.osiris.protocol.Api;
import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.relay.store.CredentialSpec;
import dev.osiris.relay.store.SitePatch;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two relay processes over one database (one embedded PostgreSQL, started by whichever came first, the other
 * attached; each process with its own pool, caches and change feed): started together they migrate once; a change
 * made through one is seen by check-ins on the other within a second; the same evidence bundle sent to both at once
 * is stored once. The operator's changes are made as the CLI makes them, from this JVM, over the same database.
 */
class TwoRelaysIT {

    @TempDir
    static Path dataDir;

    static RelayProcess one;
    static RelayProcess two;
    static Vertx vertx;
    static Backend backend;
    static RelayAdmin admin;
    static Http httpA;
    static Http httpB;

    @BeforeAll
    static void startBothAtOnce() {
        one = RelayProcess.start(dataDir);
        two = RelayProcess.start(dataDir);
        httpA = new Http(one.awaitListening(Duration.ofMinutes(3)));
        httpB = new Http(two.awaitListening(Duration.ofMinutes(3)));
        vertx = Vertx.vertx();
        backend = Await.result(Backend.open(vertx, RelayConfig.defaults(dataDir), RunbookCatalog.builtIn()));
        admin = new RelayAdmin(backend, backend.database.pool());
    }

    @AfterAll
    static void stop() {
        if (backend != null) {
            Await.result(backend.close());
        }
        if (vertx != null) {
            Await.result(vertx.close());
        }
        // whichever started the PostgreSQL stops it when it stops; the other only detaches
        if (two != null) {
            two.close();
        }
        if (one != null) {
            one.close();
        }
    }

    @Test
    void migrationsRanOnceWhenBothStartedTogether() {
        // Flyway holds an advisory lock while it migrates: the process that waited for it finds nothing to do
        String outputs = one.output() + "\n" + two.output();
        assertThat(count(outputs, "Successfully applied")).as(outputs).isEqualTo(1);
        assertThat(count(outputs, "No migration necessary")).as(outputs).isEqualTo(1);
        Row schema = Await.result(admin.sql("SELECT count(*) FROM information_schema.columns"
                + " WHERE table_name = 'sites' AND column_name = 'config_version'")).iterator().next();
        assertThat(schema.getLong(0)).isEqualTo(1);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void aSiteChangeThroughOneRelayReachesCheckinsOnTheOtherWithinASecond() {
        String siteId = Await.result(admin.createSite("Two Relay Dental"));
        TestAppliance appliance = new TestAppliance(Await.result(admin.provisionAppliance(siteId)));
        CheckinResponse before = checkin(httpB, appliance);
        assertThat(before.checkinIntervalSeconds()).isEqualTo(60);
        checkin(httpB, appliance); // b holds the site's configuration now

        Await.result(admin.updateSite(siteId, SitePatch.none().withInterval(17)));
        long changed = System.nanoTime();
        CheckinResponse after;
        long sent;
        do {
            sent = System.nanoTime(); // the propagation ends when a check-in sent then sees it, whatever it takes
            after = checkin(httpB, appliance);
        } while (after.checkinIntervalSeconds() != 17 && sent - changed < Duration.ofSeconds(3).toNanos());
        assertThat(after.checkinIntervalSeconds()).isEqualTo(17);
        assertThat(Duration.ofNanos(sent - changed)).as("seen on the other relay within a second")
                .isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aKeyRevokedThroughOneRelayIsRefusedByTheOtherWithinASecond() {
        String siteId = Await.result(admin.createSite("Revoked Radiology"));
        TestAppliance appliance = new TestAppliance(Await.result(admin.provisionAppliance(siteId)));
        checkin(httpB, appliance);
        checkin(httpB, appliance); // b holds the appliance's identity now

        Await.result(admin.revokeKey(appliance.id, "tests"));
        long revoked = System.nanoTime();
        int status;
        long sent;
        do {
            byte[] body = TestAppliance.body(appliance.nextCheckin(List.of()));
            sent = System.nanoTime();
            status = httpB.signed(Api.CHECKIN, appliance.apiKey, body, appliance.sign(Api.CHECKIN, body)).status();
        } while (status == 200 && sent - revoked < Duration.ofSeconds(3).toNanos());
        assertThat(status).isEqualTo(401);
        assertThat(Duration.ofNanos(sent - revoked)).as("refused on the other relay within a second")
                .isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void anUnchangedConfigurationIsNotResentAndAChangedOneIs() {
        String siteId = Await.result(admin.createSite("Version Veterinary"));
        Await.result(admin.addCredential(siteId, CredentialSpec.of("srv01", Transport.SSH, "root",
                new Secret("s3cret-one"))));
        TestAppliance appliance = new TestAppliance(Await.result(admin.provisionAppliance(siteId)));

        CheckinResponse fresh = checkin(httpA, appliance, 0);
        assertThat(fresh.credentialsWithheld()).isFalse();
        assertThat(fresh.targets()).hasSize(1);
        assertThat(fresh.configVersion()).isPositive();

        CheckinResponse same = checkin(httpB, appliance, fresh.configVersion());
        assertThat(same.credentialsWithheld()).as("the appliance holds this version").isTrue();
        assertThat(same.configVersion()).isEqualTo(fresh.configVersion());

        CheckinResponse restarted = checkin(httpB, appliance, 0);
        assertThat(restarted.targets()).as("after a restart it holds nothing: version 0").hasSize(1);

        Await.result(admin.addCredential(siteId, CredentialSpec.of("srv02", Transport.SSH, "root",
                new Secret("s3cret-two"))));
        long changed = System.nanoTime();
        CheckinResponse next;
        do {
            next = checkin(httpB, appliance, fresh.configVersion());
        } while (next.credentialsWithheld() && System.nanoTime() - changed < Duration.ofSeconds(3).toNanos());
        assertThat(next.credentialsWithheld()).isFalse();
        assertThat(next.targets()).hasSize(2);
        assertThat(next.configVersion()).isGreaterThan(fresh.configVersion());
    }

    @Test
    void theSameBundleSentToBothAtOnceIsStoredOnce() throws Exception {
        String siteId = Await.result(admin.createSite("Bundle Bakery"));
        TestAppliance appliance = new TestAppliance(Await.result(admin.provisionAppliance(siteId)));
        checkin(httpA, appliance);
        List<EvidenceRecord> records = appliance.seal(20);
        byte[] body = appliance.bundleBody(records);

        CompletableFuture<Http.Reply> toA = CompletableFuture.supplyAsync(() -> httpA.signed(Api.EVIDENCE_BUNDLES,
                appliance.apiKey, body, appliance.sign(Api.EVIDENCE_BUNDLES, body)));
        CompletableFuture<Http.Reply> toB = CompletableFuture.supplyAsync(() -> httpB.signed(Api.EVIDENCE_BUNDLES,
                appliance.apiKey, body, appliance.sign(Api.EVIDENCE_BUNDLES, body)));
        Http.Reply ra = toA.get(60, TimeUnit.SECONDS);
        Http.Reply rb = toB.get(60, TimeUnit.SECONDS);

        assertThat(ra.status()).as(ra.text()).isEqualTo(200);
        assertThat(rb.status()).as(rb.text()).isEqualTo(200);
        assertThat(ra.json().get("stored").asInt() + rb.json().get("stored").asInt()).as("stored by one of them")
                .isEqualTo(20);
        assertThat(ra.json().get("duplicates").asInt() + rb.json().get("duplicates").asInt()).isEqualTo(20);
        Row stored = Await.result(admin.sql("SELECT count(*) AS n, count(DISTINCT seq) AS d FROM evidence"
                + " WHERE appliance_id = '" + appliance.id + "'")).iterator().next();
        assertThat(stored.getLong("n")).isEqualTo(20);
        assertThat(stored.getLong("d")).isEqualTo(20);
    }

    private static CheckinResponse checkin(Http http, TestAppliance appliance) {
        return checkin(http, appliance, 0);
    }

    private static CheckinResponse checkin(Http http, TestAppliance appliance, long configVersion) {
        var plain = appliance.nextCheckin(List.of());
        var report = new dev.osiris.protocol.checkin.CheckinRequest(plain.seq(), plain.sentAt(), plain.agentVersion(),
                plain.uptimeSeconds(), plain.bootPartition(), plain.publicKey(), plain.status(), plain.statusDetail(),
                plain.scan(), plain.evidenceHead(), plain.ackedOrders(), plain.incidents(), plain.compliance(),
                plain.ackedResolutions(), plain.transports(), configVersion);
        byte[] body = TestAppliance.body(report);
        Http.Reply reply = http.signed(Api.CHECKIN, appliance.apiKey, body, appliance.sign(Api.CHECKIN, body));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return CheckinResponse.fromJson(reply.json());
    }
}
