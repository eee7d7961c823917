package dev.osiris.lab.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.agent.evidence.Entries;
import dev.osiris.agent.evidence.EvidenceSync;
import dev.osiris.agent.evidence.SqliteDatabase;
import dev.osiris.agent.evidence.SqliteEvidenceStore;
import dev.osiris.agent.time.ClockTrust;
import dev.osiris.agent.time.NtpServer;
import dev.osiris.agent.time.TimeCheck;
import dev.osiris.agent.time.TimeConfig;
import dev.osiris.agent.time.TimeMonitor;
import dev.osiris.agent.time.TimeVerdict;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The appliance's clock check against real NTP servers: Debian's chronyd in network namespaces (198.18.200.0/24),
 * one of them a falseticker an hour ahead under faketime, two namespaces where nothing serves.
 */
class NtpLabIT {

    private static NtpLab lab;
    private static Vertx vertx;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        String unavailable = NtpLab.unavailableBecause();
        assumeTrue(unavailable == null, () -> "NTP lab unavailable: " + unavailable);
        lab = NtpLab.start(dir, List.of(NtpLab.Server.truth("a"), NtpLab.Server.truth("b"), NtpLab.Server.truth("c"),
                NtpLab.Server.falseticker("ahead", Duration.ofHours(1)), NtpLab.Server.silent("d"),
                NtpLab.Server.silent("e")));
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
        if (vertx != null) {
            vertx.close().await();
        }
    }

    private static TimeConfig servers(String... names) {
        return new TimeConfig(java.util.Arrays.stream(names).map(n -> NtpServer.parse(lab.address(n))).toList(),
                Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    private static TimeVerdict check(TimeConfig config) {
        return new TimeCheck(vertx, config, Clock.systemUTC()).run().await();
    }

    private static List<String> standings(TimeVerdict v) {
        return v.servers().stream().map(TimeVerdict.Server::standing).toList();
    }

    @Test
    void threeAgreeingChronydServersTrustTheClock() {
        TimeVerdict v = check(servers("a", "b", "c"));
        assertThat(v.trusted()).as(v.reason()).isTrue();
        assertThat(standings(v)).containsExactly("truechimer", "truechimer", "truechimer");
        // chronyd on this machine's own clock: the offsets are what loopback-like links resolve, well under 25 ms
        v.servers().forEach(s -> assertThat(Math.abs(s.sample().offset())).isLessThan(0.025));
        assertThat(v.servers().get(0).sample().stratum()).isEqualTo(3);
    }

    @Test
    void theFalsetickerAnHourAheadIsRejectedAndTheClockStillTrusted() {
        TimeVerdict v = check(servers("a", "ahead", "b"));
        assertThat(v.trusted()).as(v.reason()).isTrue();
        assertThat(standings(v)).containsExactly("truechimer", "falseticker", "truechimer");
        assertThat(v.servers().get(1).sample().offset()).isBetween(3599.0, 3601.0);
        assertThat(v.reason()).contains("2 of 3 servers agree, 1 falseticker(s) rejected");
    }

    @Test
    void aMajorityUnreachableLeavesTheClockUntrustedAndEvidenceMarked(@TempDir Path data) {
        ClockTrust trust = new ClockTrust();
        SqliteDatabase db = SqliteDatabase.open(data.resolve("evidence.db"), EvidenceSync.FULL).await();
        try {
            SqliteEvidenceStore store = SqliteEvidenceStore.open(db, ApplianceKey.generate(new SecureRandom()), trust).await();
            Entries entries = new Entries(Clock.systemUTC());
            TimeMonitor untrusted = new TimeMonitor(vertx, servers("a", "d", "e"), new TimeCheck(vertx, servers("a", "d", "e"),
                    Clock.systemUTC()), trust, store, entries, () -> { });
            TimeVerdict v = untrusted.checkNow().await();
            assertThat(v.trusted()).isFalse();
            assertThat(v.reason()).startsWith("no majority: 1 of 3 servers agree, 2 without a usable answer");
            assertThat(standings(v)).containsExactly("truechimer", "unreachable", "unreachable");

            EvidenceRecord scan = store.append(entries.appliance(EvidenceKind.DETECT, "drift.scan", "pass",
                    Json.object().put("host", "NVDC01"))).await();
            JsonNode scanDetails = scan.detailsJson();
            assertThat(scanDetails.path("clock").path("trusted").asBoolean(true)).isFalse();
            assertThat(scanDetails.path("clock").path("reason").asText()).isEqualTo(v.reason());
            EvidenceRecord verify = store.range(0, 10).await().get(0);
            assertThat(verify.checkId()).isEqualTo("time.verify");
            assertThat(verify.outcome()).isEqualTo("untrusted");
            JsonNode servers = verify.detailsJson().path("servers");
            assertThat(servers.get(1).path("detail").asText()).isEqualTo("no answer within 1000 ms");

            TimeMonitor trusted = new TimeMonitor(vertx, servers("a", "b", "c"), new TimeCheck(vertx, servers("a", "b", "c"),
                    Clock.systemUTC()), trust, store, entries, () -> { });
            assertThat(trusted.checkNow().await().trusted()).isTrue();
            EvidenceRecord after = store.append(entries.appliance(EvidenceKind.DETECT, "drift.scan", "pass",
                    Json.object().put("host", "NVDC01"))).await();
            assertThat(after.detailsJson().has("clock")).isFalse();
            assertThat(store.verify().await().intact()).isTrue();
        } finally {
            db.close().await();
        }
    }
}
