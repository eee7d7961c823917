package dev.osiris.lab.healing;

import dev.osiris.agent.app.Agent;
import dev.osiris.agent.config.DriftConfig;
import dev.osiris.agent.drift.HostScan;
import dev.osiris.agent.heal.HealPlan;
import dev.osiris.agent.heal.HealResult;
import dev.osiris.lab.hosts.Lab;
import dev.osiris.lab.hosts.LabBaseline;
import dev.osiris.lab.hosts.LabSpec;
import dev.osiris.lab.relay.OperatorClient;
import dev.osiris.lab.runbooks.Attacks;
import dev.osiris.lab.runbooks.LabAttacker;
import dev.osiris.lab.site.LabSite;
import dev.osiris.protocol.evidence.ChainVerifier;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.runbook.HealPolicy;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.protocol.runbook.Verdict;
import dev.osiris.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three tiers end to end on one site: the relay on its embedded PostgreSQL, the agent, and emulated Windows
 * hosts attacked with the chaos lab's attacks over WinRM. Scans are asked for (the first scheduled scan is an hour
 * away), so every step is deterministic.
 */
class SiteHealingIT {

    static final RunbookCatalog CATALOG = RunbookCatalog.builtIn();
    static final Attacks ATTACKS = Attacks.load();
    /** A conservative, auto-healable check: healed in standard mode. */
    static final Runbook STANDARD = pick(r -> r.standard() && r.autoHealable(), "FIREWALL");
    /** Auto-healable but not in the standard subset: healed only in full-coverage mode (or once learned). */
    static final Runbook FULL_ONLY = pick(r -> !r.standard() && r.autoHealable(), "RUN");

    @TempDir
    Path dir;
    Vertx vertx;
    LabSite site;
    Lab lab;
    LabAttacker attacker;
    Agent agent;

    static Runbook pick(Predicate<Runbook> filter, String preferred) {
        return CATALOG.forPlatform(Platform.WINDOWS).stream()
                .filter(filter)
                .filter(r -> !ATTACKS.forRunbook(r.id()).isEmpty())
                .min(Comparator.comparing((Runbook r) -> !r.id().contains(preferred)).thenComparing(Runbook::id))
                .orElseThrow(() -> new IllegalStateException("no runbook in the catalog for this test"));
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        site = LabSite.create(vertx, dir.resolve("site"), "North Valley Dental", b -> b
                .checkinInterval(Duration.ofHours(1))
                .backoffMin(Duration.ofMillis(50))
                .backoffMax(Duration.ofMillis(200))
                .reachabilityInterval(Duration.ZERO)
                .drift(DriftConfig.DEFAULTS.withFirstScanDelay(Duration.ofHours(1)).withRetryBackoff(Duration.ofMillis(50))
                        .withFlap(2, Duration.ofHours(1)).withPromoteAfter(2)));
        lab = Await.result(Lab.start(vertx, dir.resolve("lab"), new LabSpec(List.of(
                        new LabSpec.Windows("NVWS01", "workstation", "https", "basic", "local"),
                        new LabSpec.Windows("NVDC01", "domain-controller", "https", "ntlm", "domain")), List.of()),
                (name, config) -> {
                    if (name.equals("NVDC01")) {
                        // a slow host, so that the test can take it away while its scan runs
                        config.simulatedDuration(command -> Duration.ofMillis(400));
                    }
                }), Duration.ofMinutes(2));
        Await.result(lab.registerWith(site.operator(), site.siteId()));
        attacker = new LabAttacker(vertx);
        agent = site.startAgent();
    }

    @AfterEach
    void stop() {
        if (attacker != null) {
            attacker.close();
        }
        if (site != null) {
            site.close();
        }
        if (lab != null) {
            lab.close();
        }
        Await.result(vertx.close());
    }

    void configure(String mode, boolean dryRun, Runbook... enabled) {
        JsonArray ids = new JsonArray();
        for (Runbook r : enabled) {
            ids.add(r.id());
        }
        Await.result(site.operator().putRunbooks(site.siteId(), new JsonObject().put("enabled", ids)
                .put("healingMode", mode).put("dryRun", dryRun).put("baseline", LabBaseline.site())));
        Await.result(agent.checkinNow());
    }

    void attack(String host, Runbook runbook) {
        Await.result(attacker.run(lab.host(host), ATTACKS.forRunbook(runbook.id()).get(0)), Duration.ofMinutes(1));
    }

    HostScan scan(String host) {
        List<HostScan> scans = Await.result(agent.scanNow(), Duration.ofMinutes(3));
        String address = lab.host(host).address();
        return scans.stream().filter(s -> s.host().equals(address)).findFirst().orElseThrow();
    }

    static HealResult heal(HostScan scan, Runbook r) {
        return scan.heals().stream().filter(h -> h.runbookId().equals(r.id())).findFirst()
                .orElseThrow(() -> new AssertionError("no heal of " + r.id() + " in " + scan));
    }

    List<EvidenceRecord> evidence(String host, Runbook r) {
        String address = lab.host(host).address();
        return Await.result(agent.evidence().range(0, 100_000)).stream()
                .filter(e -> e.host().equals(address) && e.checkId().equals(r.id())).toList();
    }

    static List<String> outcomes(List<EvidenceRecord> records) {
        return records.stream().map(e -> e.kind() + ":" + e.outcome()).toList();
    }

    void relayChainVerifies() {
        long made = Await.result(agent.evidence().count());
        Await.result(agent.checkinNow());
        Await.result(agent.checkinNow());
        OperatorClient.StoredEvidence stored = site.evidenceAtRelay();
        ChainVerifier verifier = ChainVerifier.fromGenesis(stored.pinnedKey());
        stored.records().forEach(verifier::accept);
        assertThat(verifier.ok()).as(String.valueOf(verifier.failure())).isTrue();
        assertThat(verifier.verified()).isGreaterThanOrEqualTo(made);
    }

    @Test
    void standardModeHealsItsSubsetAndEscalatesTheRestThenFullCoverageHealsIt() {
        configure("standard", false, STANDARD, FULL_ONLY);
        attack("NVWS01", STANDARD);
        attack("NVWS01", FULL_ONLY);

        HostScan scan = scan("NVWS01");

        assertThat(scan.verdicts().get(STANDARD.id()).status()).isEqualTo(Verdict.Status.DRIFTED);
        assertThat(heal(scan, STANDARD)).isEqualTo(new HealResult(STANDARD.id(), HealResult.Outcome.HEALED, HealPlan.Tier.L1, HealPlan.Reason.STANDARD_RULE));
        assertThat(heal(scan, FULL_ONLY)).isEqualTo(new HealResult(FULL_ONLY.id(), HealResult.Outcome.ESCALATED, HealPlan.Tier.L3, HealPlan.Reason.NO_RULE));
        assertThat(outcomes(evidence("NVWS01", STANDARD))).containsExactly("detect:drifted", "heal:remediated", "verify:verified");
        assertThat(outcomes(evidence("NVWS01", FULL_ONLY))).containsExactly("detect:drifted", "escalate:escalated");
        EvidenceRecord verified = evidence("NVWS01", STANDARD).get(2);
        assertThat(verified.detailsJson().path("runbook").path("version").asInt()).isEqualTo(STANDARD.version());
        assertThat(verified.detailsJson().path("controls").path("hipaa").size()).isPositive();
        assertThat(verified.detailsJson().path("after").path("status").asText()).isEqualTo("compliant");

        Await.result(agent.checkinNow());
        JsonArray open = Await.result(site.operator().incidents(site.siteId(), "open"));
        assertThat(open).hasSize(1);
        assertThat(open.getJsonObject(0).getString("runbookId")).isEqualTo(FULL_ONLY.id());
        assertThat(open.getJsonObject(0).getString("reason")).isEqualTo("no-rule");

        configure("full-coverage", false, STANDARD, FULL_ONLY);
        attack("NVDC01", FULL_ONLY);
        HostScan dc = scan("NVDC01");
        assertThat(heal(dc, FULL_ONLY)).isEqualTo(new HealResult(FULL_ONLY.id(), HealResult.Outcome.HEALED, HealPlan.Tier.L1, HealPlan.Reason.FULL_COVERAGE_RULE));
        assertThat(scan("NVDC01").verdicts().get(FULL_ONLY.id()).status()).isEqualTo(Verdict.Status.COMPLIANT);
        relayChainVerifies();
    }

    @Test
    void dryRunRecordsWhatWouldBeDoneAndChangesNothing() {
        configure("full-coverage", true, STANDARD, FULL_ONLY);
        attack("NVWS01", STANDARD);

        HostScan first = scan("NVWS01");
        assertThat(heal(first, STANDARD).outcome()).isEqualTo(HealResult.Outcome.DRY_RUN);
        assertThat(outcomes(evidence("NVWS01", STANDARD))).containsExactly("detect:drifted", "heal:dry-run");
        assertThat(scan("NVWS01").verdicts().get(STANDARD.id()).status()).isEqualTo(Verdict.Status.DRIFTED);
        assertThat(Await.result(agent.incidents())).isEmpty();

        configure("full-coverage", false, STANDARD, FULL_ONLY);
        assertThat(heal(scan("NVWS01"), STANDARD).outcome()).isEqualTo(HealResult.Outcome.HEALED);
    }

    @Test
    void aScanOrderedAtTheRelayRunsAtTheNextCheckIn() {
        configure("standard", false, STANDARD);
        attack("NVWS01", STANDARD);
        assertThat(Await.result(site.operator().scanNow(site.siteId()))).hasSize(1);

        Await.result(agent.checkinNow());
        Await.result(agent.scanNow(), Duration.ofMinutes(3)); // joins the ordered scan, or follows it

        assertThat(outcomes(evidence("NVWS01", STANDARD))).startsWith("detect:drifted", "heal:remediated", "verify:verified");
        assertThat(Await.result(agent.evidence().range(0, 100_000)))
                .anySatisfy(e -> assertThat(e.checkId() + " " + e.outcome()).isEqualTo("order.scan started"));
    }

    @Test
    void aDisabledRunbookNeverRuns() {
        configure("full-coverage", false, FULL_ONLY);
        attack("NVWS01", STANDARD);

        HostScan scan = scan("NVWS01");
        assertThat(scan.verdicts()).containsOnlyKeys(FULL_ONLY.id());
        assertThat(evidence("NVWS01", STANDARD)).isEmpty();

        configure("full-coverage", false, STANDARD, FULL_ONLY);
        assertThat(heal(scan("NVWS01"), STANDARD).outcome()).as("the attack did drift the host").isEqualTo(HealResult.Outcome.HEALED);
    }

    @Test
    void aHostThatGoesAwayMidScanDoesNotStopTheOthers() {
        configure("full-coverage", false, STANDARD, FULL_ONLY);
        attack("NVWS01", STANDARD);
        var scanning = agent.scanNow();
        Await.result(vertx.executeBlocking(() -> {
            while (lab.emulator("NVDC01").openShells() == 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            return null;
        }), Duration.ofMinutes(1));
        Await.result(lab.stopWindows("NVDC01"));

        List<HostScan> scans = Await.result(scanning, Duration.ofMinutes(3));
        HostScan ws = scans.stream().filter(s -> s.host().equals(lab.host("NVWS01").address())).findFirst().orElseThrow();
        HostScan dc = scans.stream().filter(s -> s.host().equals(lab.host("NVDC01").address())).findFirst().orElseThrow();
        assertThat(dc.reached()).isFalse();
        assertThat(ws.reached()).isTrue();
        assertThat(heal(ws, STANDARD).outcome()).isEqualTo(HealResult.Outcome.HEALED);
        assertThat(Await.result(agent.evidence().range(0, 100_000))).anySatisfy(e -> {
            assertThat(e.host()).isEqualTo(lab.host("NVDC01").address());
            assertThat(e.outcome()).isEqualTo("unreachable");
        });
    }

    @Test
    void aCheckThatKeepsDriftingBackIsEscalatedAsFlapping() {
        configure("standard", false, STANDARD);
        for (int i = 0; i < 2; i++) {
            attack("NVWS01", STANDARD);
            assertThat(heal(scan("NVWS01"), STANDARD).outcome()).isEqualTo(HealResult.Outcome.HEALED);
        }
        attack("NVWS01", STANDARD);
        assertThat(heal(scan("NVWS01"), STANDARD))
                .isEqualTo(new HealResult(STANDARD.id(), HealResult.Outcome.ESCALATED, HealPlan.Tier.L3, HealPlan.Reason.FLAPPING));
        Await.result(agent.checkinNow());
        assertThat(Await.result(site.operator().incidents(site.siteId(), "open")).getJsonObject(0).getString("reason"))
                .isEqualTo("flapping");
    }

    @Test
    void healsBeforeAndAfterARestartCountInOneFlappingWindow() {
        configure("standard", false, STANDARD);
        attack("NVWS01", STANDARD);
        assertThat(heal(scan("NVWS01"), STANDARD).outcome()).isEqualTo(HealResult.Outcome.HEALED);

        site.stopAgent(); // the appliance restarts on the same data directory
        agent = site.startAgent();
        Await.result(agent.checkinNow());
        attack("NVWS01", STANDARD);
        assertThat(heal(scan("NVWS01"), STANDARD).outcome()).isEqualTo(HealResult.Outcome.HEALED);

        attack("NVWS01", STANDARD);
        assertThat(heal(scan("NVWS01"), STANDARD)).as("two heals within the window, one of them before the restart")
                .isEqualTo(new HealResult(STANDARD.id(), HealResult.Outcome.ESCALATED, HealPlan.Tier.L3, HealPlan.Reason.FLAPPING));
    }

    @Test
    void anOperatorsResolutionIsLearnedThenPromotedToAnL1RuleAfterKSuccesses() {
        configure("standard", false, FULL_ONLY);
        attack("NVWS01", FULL_ONLY);
        assertThat(heal(scan("NVWS01"), FULL_ONLY).outcome()).isEqualTo(HealResult.Outcome.ESCALATED);
        Await.result(agent.checkinNow());
        String incident = Await.result(site.operator().incidents(site.siteId(), "open")).getJsonObject(0).getString("id");

        Await.result(site.operator().resolve(site.siteId(), incident, new JsonObject().put("action", "runbook")
                .put("runbookId", FULL_ONLY.id()).put("note", "removed the persistence entry with the catalog runbook")));
        Await.result(agent.checkinNow());
        Await.result(agent.resolutionsCarriedOut(), Duration.ofMinutes(2));

        assertThat(outcomes(evidence("NVWS01", FULL_ONLY))).endsWith("heal:resolution-verified");
        assertThat(scan("NVWS01").verdicts().get(FULL_ONLY.id()).status()).isEqualTo(Verdict.Status.COMPLIANT);
        Await.result(agent.checkinNow());
        assertThat(Await.result(site.operator().incidents(site.siteId(), "resolved"))).hasSize(1);

        attack("NVWS01", FULL_ONLY);
        assertThat(heal(scan("NVWS01"), FULL_ONLY))
                .isEqualTo(new HealResult(FULL_ONLY.id(), HealResult.Outcome.HEALED, HealPlan.Tier.L2, HealPlan.Reason.HISTORY));
        assertThat(agent.learned()).singleElement().satisfies(c -> {
            assertThat(c.successes()).isEqualTo(2);
            assertThat(c.promoted()).isTrue();
        });
        assertThat(Await.result(agent.evidence().range(0, 100_000)))
                .anySatisfy(e -> assertThat(e.kind() + ":" + e.outcome() + ":" + e.checkId())
                        .isEqualTo("learn:promoted:" + FULL_ONLY.id()));

        attack("NVWS01", FULL_ONLY);
        assertThat(heal(scan("NVWS01"), FULL_ONLY))
                .isEqualTo(new HealResult(FULL_ONLY.id(), HealResult.Outcome.HEALED, HealPlan.Tier.L1, HealPlan.Reason.LEARNED_RULE));
        relayChainVerifies();
    }
}
