package dev.osiris.lab.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.lab.runbooks.Attack;
import dev.osiris.lab.runbooks.Attacks;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.ChainVerifier;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Campaigns run the way a lab engineer runs them: a chaos-lab script reading a config.env, calling the campaign
 * runner (here straight through {@code LabMain} with this build's class path: {@code ./osiris} would rebuild), on a
 * small lab of its own (one emulated workstation, one hardened Linux host in a namespace).
 */
class ChaosCampaignIT {

    static final Path CHAOS_LAB = Attacks.directory().getParent();
    static final Attacks ATTACKS = Attacks.load();

    @TempDir
    Path dir;

    @Test
    void aShortCampaignOfEveryCategoryReportsWhatTheRelaysCopyOfTheChainSays() throws Exception {
        Path report = campaign("full-spectrum.sh", """
                LAB_SPEC=lab.yaml
                ATTACKS_PER_CATEGORY=2
                ENABLE_RESTORES=false
                TIME_SYNC_BEFORE_ATTACK=true
                HEAL_TIMEOUT_SECONDS=150
                SEED=7
                """, """
                windows:
                  - {name: CHWS01, role: workstation, listener: https, auth: basic, account: local}
                linux:
                  - {name: chaos1, address: 198.18.0.60}
                """);
        JsonNode json = Json.MAPPER.readTree(report.resolve("report.json").toFile());
        List<JsonNode> rounds = StreamSupport.stream(json.path("rounds").spliterator(), false).toList();
        assertThat(rounds).extracting(r -> r.path("category").asText()).containsAll(
                java.util.Arrays.stream(Category.values()).map(Category::wire).toList());
        assertThat(rounds).allSatisfy(r -> assertThat(r.path("restored").asBoolean()).isFalse());
        assertThat(json.path("restores").asInt()).isZero();
        assertThat(json.path("interrupted").asBoolean()).isFalse();

        // the relay's copy of the chain: it verifies, and recounting every round from it gives the report's figures
        JsonNode relay = Json.MAPPER.readTree(report.resolve("relay-evidence.json").toFile());
        List<EvidenceRecord> chain = new ArrayList<>();
        relay.path("records").forEach(r -> chain.add(EvidenceRecord.fromJson(r, "records")));
        ChainVerifier verifier = ChainVerifier.fromGenesis(ApplianceKey.PublicKey.fromBase64(relay.path("publicKey").asText()));
        chain.forEach(verifier::accept);
        assertThat(verifier.ok()).as(String.valueOf(verifier.failure())).isTrue();

        List<RoundResult> recounted = recount(rounds, chain);
        CampaignStats stats = new CampaignStats(recounted);
        assertThat(json.path("overall").path("healed").asInt()).isEqualTo(stats.overall().healed());
        assertThat(json.path("overall").path("judged").asInt()).isEqualTo(stats.overall().judged());
        Map<String, Integer> reportOutcomes = new TreeMap<>();
        json.path("byOutcome").fields().forEachRemaining(e -> reportOutcomes.put(e.getKey(), e.getValue().asInt()));
        assertThat(reportOutcomes).isEqualTo(stats.byOutcome());
        stats.byCategory().forEach((category, rate) -> {
            assertThat(json.path("byCategory").path(category).path("healed").asInt()).as(category).isEqualTo(rate.healed());
            assertThat(json.path("byCategory").path(category).path("judged").asInt()).as(category).isEqualTo(rate.judged());
        });
        for (int i = 0; i < rounds.size(); i++) {
            assertThat(rounds.get(i).path("outcome").asText()).as(rounds.get(i).path("attack").asText())
                    .isEqualTo(recounted.get(i).outcome().wire());
        }
        assertThat(stats.overall().healed()).as("the catalog heals most of these attacks").isPositive();
        assertThat(report.resolve("heal-rate-category.svg")).isNotEmptyFile();
        assertThat(Files.readString(report.resolve("report.md"))).contains("Heal rate: " + stats.overall());
    }

    @Test
    void healingForbiddenForARunbookByTheModeIsReportedAsEscalatedWithTheReasonNotAsAMiss() throws Exception {
        Path report = campaign("stress.sh", """
                LAB_SPEC=lab.yaml
                ATTACKS=RB-WIN-RUNKEY-001.hklm-run,RB-WIN-FIREWALL-001.all-profiles-off
                ROUNDS=1
                HEALING_MODE=standard
                ENABLE_RESTORES=false
                SEED=3
                """, """
                windows:
                  - {name: CHWS02, role: workstation, listener: https, auth: basic, account: local}
                """);
        JsonNode json = Json.MAPPER.readTree(report.resolve("report.json").toFile());
        Map<String, JsonNode> byAttack = new TreeMap<>();
        json.path("rounds").forEach(r -> byAttack.put(r.path("attack").asText(), r));
        JsonNode runKey = byAttack.get("RB-WIN-RUNKEY-001.hklm-run");
        assertThat(runKey.path("outcome").asText()).isEqualTo("escalated");
        assertThat(runKey.path("reason").asText()).isEqualTo("no-rule");
        assertThat(runKey.path("tier").asText()).isEqualTo("L3");
        assertThat(byAttack.get("RB-WIN-FIREWALL-001.all-profiles-off").path("outcome").asText()).isEqualTo("healed");
        assertThat(json.path("misses").asInt()).isZero();
        assertThat(json.path("escalationReasons").path("no-rule").asInt()).isEqualTo(1);
        assertThat(Files.readString(report.resolve("report.md")))
                .contains("| CHWS02 | RB-WIN-RUNKEY-001.hklm-run | escalated | no-rule |");
    }

    /** The field's DC restored 8 days behind: the domain logon is refused for clock skew, and syncing first heals. */
    private static final String SKEWED_DC = """
            windows:
              - {name: CHDC01, role: domain-controller, listener: http, auth: ntlm, account: domain,
                 clockOffsetSeconds: -691200}
            """;

    @Test
    void aSkewedDcWithoutTimeSyncReportsItsRefusedLogonWithTheClockSkewReason() throws Exception {
        Path report = campaign("stress.sh", """
                LAB_SPEC=lab.yaml
                ATTACKS=RB-WIN-FIREWALL-001.all-profiles-off
                ROUNDS=2
                ENABLE_RESTORES=false
                TIME_SYNC_BEFORE_ATTACK=false
                SEED=11
                """, SKEWED_DC);
        JsonNode json = Json.MAPPER.readTree(report.resolve("report.json").toFile());
        // the appliance's first logon, the baseline scan, is refused: the report says why, from its evidence
        assertThat(json.path("skipped").toString()).containsPattern("CHDC01: the baseline scan failed, logon refused"
                + " for clock skew: clock_skew: .*its clock is -69120[01] s off this appliance's, more than the 5"
                + " minutes Kerberos allows; no attack planned on it");
        assertThat(json.path("rounds")).isEmpty();
        assertThat(Files.readString(report.resolve("report.md"))).contains("logon refused for clock skew");
    }

    @Test
    void aSkewedDcSyncedBeforeEachAttackHeals() throws Exception {
        Path report = campaign("stress.sh", """
                LAB_SPEC=lab.yaml
                ATTACKS=RB-WIN-FIREWALL-001.all-profiles-off
                ROUNDS=2
                ENABLE_RESTORES=false
                TIME_SYNC_BEFORE_ATTACK=true
                SEED=11
                """, SKEWED_DC);
        JsonNode json = Json.MAPPER.readTree(report.resolve("report.json").toFile());
        assertThat(json.path("rounds")).hasSize(2)
                .allSatisfy(r -> assertThat(r.path("outcome").asText()).as(r.toString()).isEqualTo("healed"));
        // the DC's own w32tm cannot be reached through a refused logon: the first sync is the lab's control
        assertThat(json.path("notes").toString()).contains("time of CHDC01 synced by the lab's control");
    }

    @Test
    void aCampaignStoppedWithCtrlCWritesWhatItHas() throws Exception {
        Process p = start("stress.sh", """
                LAB_SPEC=lab.yaml
                ATTACKS=RB-WIN-FIREWALL-001.all-profiles-off
                ROUNDS=50
                SEED=5
                """, """
                windows:
                  - {name: CHWS03, role: workstation, listener: https, auth: basic, account: local}
                """);
        Path log = dir.resolve("campaign.log");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (!Files.readString(log).contains("chaos: #2 ") && p.isAlive() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        assertThat(Files.readString(log)).as("two rounds judged").contains("chaos: #2 ");
        p.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        System.out.println(Files.readString(log));

        JsonNode json = Json.MAPPER.readTree(dir.resolve("report").resolve("report.json").toFile());
        assertThat(json.path("interrupted").asBoolean()).isTrue();
        List<String> outcomes = StreamSupport.stream(json.path("rounds").spliterator(), false)
                .map(r -> r.path("outcome").asText()).toList();
        assertThat(outcomes).hasSize(50).startsWith("healed", "healed").contains("interrupted");
        assertThat(json.path("overall").path("judged").asInt()).isEqualTo(outcomes.stream().filter(o -> !o.equals("interrupted")).count());
        assertThat(Files.readString(dir.resolve("report").resolve("report.md"))).contains("**interrupted**");
    }

    /** Each round again from the relay's records of its wave (after its wave's first attack, before the next's). */
    static List<RoundResult> recount(List<JsonNode> rounds, List<EvidenceRecord> chain) {
        Map<Integer, Instant> waveStart = new TreeMap<>();
        for (JsonNode r : rounds) {
            waveStart.merge(r.path("wave").asInt(), Instant.parse(r.path("attackedAt").asText()),
                    (a, b) -> a.isBefore(b) ? a : b);
        }
        List<RoundResult> out = new ArrayList<>();
        for (JsonNode r : rounds) {
            int wave = r.path("wave").asInt();
            Instant from = waveStart.get(wave);
            Instant to = waveStart.getOrDefault(wave + 1, Instant.MAX);
            Attack attack = ATTACKS.all().stream().filter(a -> a.name().equals(r.path("attack").asText())).findFirst().orElseThrow();
            Round round = new Round(r.path("index").asInt(), wave, r.path("repeat").asInt(), attack,
                    r.path("host").asText(), r.path("address").asText());
            Instant attackedAt = Instant.parse(r.path("attackedAt").asText());
            if (r.path("outcome").asText().equals(Outcome.ATTACK_FAILED.wire())) {
                out.add(new RoundResult(round, Outcome.ATTACK_FAILED, null, null, attackedAt, null, false, List.of()));
                continue;
            }
            out.add(EvidenceReading.read(round, attackedAt, chain.stream()
                    .filter(e -> !e.time().isBefore(from) && e.time().isBefore(to)).toList()));
        }
        return out;
    }

    private Path campaign(String script, String config, String labSpec) throws Exception {
        Process p = start(script, config, labSpec);
        boolean done = p.waitFor(6, TimeUnit.MINUTES);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            p.waitFor(1, TimeUnit.MINUTES);
        }
        String output = Files.readString(dir.resolve("campaign.log"));
        System.out.println(output);
        assertThat(done).as("campaign finished within 6 minutes:\n" + output).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("chaos: " + script.replace(".sh", "") + " with " + dir.resolve("config.env"));
        return dir.resolve("report");
    }

    private Process start(String script, String config, String labSpec) throws Exception {
        Files.writeString(dir.resolve("config.env"), config);
        Files.writeString(dir.resolve("lab.yaml"), labSpec);
        Path launcher = dir.resolve("osiris");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(launcher, "#!/bin/sh\nexec '" + java + "' --enable-native-access=ALL-UNNAMED -cp '"
                + System.getProperty("java.class.path") + "' dev.osiris.lab.app.LabMain \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        Path out = dir.resolve("report");
        Path log = dir.resolve("campaign.log");
        ProcessBuilder pb = new ProcessBuilder(CHAOS_LAB.resolve(script).toString(), "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OSIRIS", launcher.toString());
        pb.environment().put("CHAOS_CONFIG", dir.resolve("config.env").toString());
        pb.environment().remove("OSIRIS_MASTER_KEY");
        return pb.start();
    }
}
