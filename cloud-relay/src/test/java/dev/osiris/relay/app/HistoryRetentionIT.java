package dev.osiris.relay.app;

import dev.osiris.testing.Await;
import dev.osiris.testing.MovableClock;
import dev.osiris.protocol.Api;
import dev.osiris.protocol.checkin.ComplianceReport;
import dev.osiris.protocol.checkin.ControlStatus;
import dev.osiris.protocol.checkin.FrameworkScore;
import dev.osiris.protocol.runbook.RunbookCatalog;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The check-in history is kept for its retention time, then dropped; the appliance's current state stays. */
class HistoryRetentionIT {

    @TempDir
    static Path dataDir;

    static final MovableClock clock = MovableClock.system();
    static Vertx vertx;
    static Relay relay;
    static RelayAdmin admin;
    static Http http;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        relay = Await.result(Relay.start(vertx, RelayConfig.defaults(dataDir).withHistoryRetention(Duration.ofDays(30)),
                RunbookCatalog.builtIn(), clock));
        admin = relay.admin();
        http = new Http(relay.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (relay != null) {
            Await.result(relay.close());
        }
        Await.result(vertx.close());
    }

    @Test
    void oldHistoryIsDroppedByTheRetentionJobAndTheCurrentStateIsUnaffected() {
        String siteId = Await.result(admin.createSite("Retention Radiology"));
        TestAppliance appliance = new TestAppliance(Await.result(admin.provisionAppliance(siteId)));
        ComplianceReport report = new ComplianceReport(Instant.parse("2026-11-30T10:00:00Z"), List.of(
                new FrameworkScore("hipaa", 1, 0, 0, List.of(new ControlStatus("164.312(b)", "passing",
                        List.of("RB-WIN-AUDIT-001"))))));
        checkinOk(appliance, appliance.nextCheckin(List.of(), List.of(), report, List.of()));
        checkinOk(appliance, appliance.nextCheckin(List.of()));

        assertThat(Await.result(relay.dropOldHistory())).as("nothing is older than 30 days yet").isZero();
        assertThat(history(appliance)).isEqualTo(2);

        clock.advance(Duration.ofDays(31));
        try {
            assertThat(Await.result(relay.dropOldHistory())).isGreaterThanOrEqualTo(2);
        } finally {
            clock.reset();
        }

        assertThat(history(appliance)).as("the appliance's reports are gone").isZero();
        Row current = Await.result(admin.sql("SELECT last_seq, status, agent_version, last_checkin_at IS NOT NULL"
                + " AS seen FROM appliances WHERE id = '" + appliance.id + "'")).iterator().next();
        assertThat(current.getLong("last_seq")).isEqualTo(2);
        assertThat(current.getString("status")).isEqualTo("ok");
        assertThat(current.getString("agent_version")).isEqualTo("1.2.3");
        assertThat(current.getBoolean("seen")).isTrue();
        assertThat(Await.result(admin.compliance(siteId))).as("the latest compliance report stays").isEqualTo(report);

        // the appliance goes on from where it was: its next report is new and stored, an old one is not again
        checkinOk(appliance, appliance.nextCheckin(List.of()));
        assertThat(history(appliance)).isEqualTo(1);
    }

    private static long history(TestAppliance appliance) {
        return Await.result(admin.sql("SELECT count(*) FROM checkins WHERE appliance_id = '" + appliance.id + "'"))
                .iterator().next().getLong(0);
    }

    private static void checkinOk(TestAppliance appliance, dev.osiris.protocol.checkin.CheckinRequest request) {
        byte[] body = TestAppliance.body(request);
        Http.Reply reply = http.signed(Api.CHECKIN, appliance.apiKey, body, appliance.sign(Api.CHECKIN, body));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    }
}
