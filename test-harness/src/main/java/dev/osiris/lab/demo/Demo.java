package dev.osiris.lab.demo;

import dev.osiris.agent.app.Agent;
import dev.osiris.agent.app.AgentStatus;
import dev.osiris.agent.compliance.ComplianceJson;
import dev.osiris.agent.compliance.ComplianceTable;
import dev.osiris.agent.config.DriftConfig;
import dev.osiris.agent.drift.HostScan;
import dev.osiris.agent.evidence.ChainReport;
import dev.osiris.agent.heal.HealResult;
import dev.osiris.lab.Await;
import dev.osiris.lab.hosts.Lab;
import dev.osiris.lab.hosts.LabBaseline;
import dev.osiris.lab.hosts.LabHost;
import dev.osiris.lab.hosts.LabSpec;
import dev.osiris.lab.relay.OperatorClient;
import dev.osiris.lab.runbooks.Attack;
import dev.osiris.lab.runbooks.Attacks;
import dev.osiris.lab.runbooks.LabAttacker;
import dev.osiris.lab.site.LabSite;
import dev.osiris.protocol.evidence.ChainVerifier;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.runbook.HealPolicy;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.protocol.runbook.Verdict;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./osiris demo}: one dental office's site, end to end, told in a partner's words. A relay on its embedded
 * PostgreSQL; a small lab (a domain controller, a workstation, a server and, when this machine allows, a Linux
 * host); the appliance checking in, scanning every host with the whole runbook catalog, healing the drifts an
 * attacker injects, escalating what needs a person, surviving a relay outage, and both ends of the evidence chain
 * verified; then the compliance table. Exits non-zero with the reason when a step does not hold.
 */
public final class Demo {

    private final Path dir;
    private final PrintStream out;

    public Demo(Path dir, PrintStream out) {
        this.dir = dir;
        this.out = out;
    }

    /** @return the process exit code */
    public int run(boolean keep) throws Exception {
        Vertx vertx = Vertx.vertx();
        LabSite site = null;
        Lab lab = null;
        LabAttacker attacker = null;
        try {
            step("Starting the cloud relay with its embedded PostgreSQL (data in " + dir.resolve("relay") + ")");
            UpdateStory updates = UpdateStory.prepare(dir.resolve("boot"), out);
            site = LabSite.create(vertx, dir, "North Valley Dental", b -> b.checkinInterval(Duration.ofSeconds(60))
                    .update(updates.config())
                    .reachabilityInterval(Duration.ZERO)
                    // the demo asks for its scans, so that the story is told in order
                    .drift(DriftConfig.DEFAULTS.withFirstScanDelay(Duration.ofHours(1))));
            say("relay is up at " + site.relay().baseUrl());
            say("site \"North Valley Dental\" created: " + site.siteId() + "; appliance provisioned: " + site.applianceId());

            step("Bringing up the office: a domain controller, a workstation, a server and a Linux host");
            lab = Await.result(Lab.start(vertx, dir.resolve("lab"), LabSpec.demo()), Duration.ofMinutes(2));
            for (LabHost h : lab.hosts()) {
                say(h.name() + "  " + h.transport() + " " + h.address() + ":" + h.port() + "  as " + h.account());
            }
            lab.skipped().forEach(reason -> say("skipped " + reason));
            Await.result(lab.registerWith(site.operator(), site.siteId()));
            say("their credentials are stored encrypted at the relay and reach the appliance in memory only");

            step("Enabling the runbook catalog for the site (full-coverage healing) and its baseline");
            JsonObject settings = Await.result(site.operator().putRunbooks(site.siteId(), LabBaseline.siteRunbooks()));
            JsonArray runbooks = settings.getJsonArray("runbooks");
            say(runbooks.size() + " runbooks enabled, mapped to HIPAA, SOC 2, PCI DSS v4, NIST CSF 2.0 and CIS v8");

            step("The appliance checks in and scans every host: one batched script per host");
            Agent agent = site.startAgent();
            Await.result(agent.checkinNow());
            List<HostScan> first = Await.result(agent.scanNow(), Duration.ofMinutes(3));
            for (HostScan s : first) {
                check(s.reached(), s.host() + " could not be scanned: " + s.error());
                say(String.format("%-12s %2d checks in %5d ms: %d compliant, %d not applicable, %d drifted, %d unknown",
                        name(lab, s.host()), s.verdicts().size(), s.detectDuration().toMillis(),
                        s.count(Verdict.Status.COMPLIANT), s.count(Verdict.Status.NOT_APPLICABLE),
                        s.count(Verdict.Status.DRIFTED), s.count(Verdict.Status.ERROR)));
                check(s.count(Verdict.Status.DRIFTED) == 0 && s.count(Verdict.Status.ERROR) == 0,
                        name(lab, s.host()) + " should start compliant: " + s.verdicts());
            }

            step("An attacker changes things, the way it happens in the field");
            attacker = new LabAttacker(vertx);
            Attacks attacks = Attacks.load();
            Map<String, Injected> injected = new LinkedHashMap<>();
            for (String[] pick : List.of(
                    new String[] {"NVWS01", "FIREWALL"}, new String[] {"NVDC01", "RUNKEY"}, new String[] {"NVSRV01", "SMB"},
                    new String[] {"NVWS01", "BITLOCKER"}, new String[] {"lnx01", "SSH"})) {
                Optional<LabHost> host = lab.hosts().stream().filter(h -> h.name().equals(pick[0])).findFirst();
                Optional<Attack> attack = host.flatMap(h -> pickAttack(attacks, h, pick[1]));
                if (host.isEmpty() || attack.isEmpty()) {
                    continue;
                }
                Await.result(attacker.run(host.get(), attack.get()), Duration.ofMinutes(1));
                Runbook rb = RunbookCatalog.builtIn().find(attack.get().runbook()).orElseThrow();
                injected.put(host.get().address() + " " + rb.id(), new Injected(host.get(), rb));
                say(host.get().name() + ": " + attack.get().title() + "  (" + rb.id() + ")");
            }
            check(injected.size() >= 4, "the demo needs its attacks in chaos-lab/attacks, found " + injected.size());

            step("The next scan detects each drift, heals what is safe, verifies it, and escalates the rest");
            List<HostScan> second = Await.result(agent.scanNow(), Duration.ofMinutes(3));
            int healed = 0;
            int escalated = 0;
            for (Injected i : injected.values()) {
                HostScan s = second.stream().filter(x -> x.host().equals(i.host().address())).findFirst().orElseThrow();
                Verdict v = s.verdicts().get(i.runbook().id());
                check(v != null && v.drifted(), i.host().name() + " " + i.runbook().id() + " should be detected as drifted, was " + v);
                HealResult h = s.heals().stream().filter(x -> x.runbookId().equals(i.runbook().id())).findFirst().orElseThrow();
                say(i.host().name() + " " + i.runbook().id() + " drifted: " + v.failures().get(0));
                if (i.runbook().heal() == HealPolicy.AUTO) {
                    check(h.outcome() == HealResult.Outcome.HEALED, i.runbook().id() + " should be healed, was " + h);
                    say("   healed at " + h.tier() + " (" + h.reason().wire() + "), verified by detecting again: compliant");
                    healed++;
                } else {
                    check(h.outcome() == HealResult.Outcome.ESCALATED, i.runbook().id() + " should be escalated, was " + h);
                    say("   " + i.runbook().heal().wire() + ": escalated to a person (L3), nothing changed on the host");
                    escalated++;
                }
            }
            List<EvidenceRecord> records = Await.result(agent.evidence().range(0, 1_000_000));
            long steps = records.stream().filter(r -> List.of("detect", "heal", "verify", "escalate").contains(r.kind())).count();
            say(healed + " healed and verified, " + escalated + " escalated; " + steps
                    + " signed evidence records for detection, healing, verification and escalation");

            step("The relay goes down for a check-in; the appliance keeps its reports and evidence");
            site.stopRelay();
            Throwable failure = Await.failure(agent.checkinNow());
            say("check-in could not reach the relay (" + failure.getMessage() + "); "
                    + agent.status().outboxDepth() + " report(s) and the incident wait in the outbox");
            site.restartRelay();
            Await.result(agent.checkinNow());
            Await.result(agent.checkinNow());
            JsonArray incidents = Await.result(site.operator().incidents(site.siteId(), "open"));
            check(incidents.size() == escalated, "the relay should hold " + escalated + " open incident(s), has " + incidents.size());
            for (int i = 0; i < incidents.size(); i++) {
                JsonObject inc = incidents.getJsonObject(i);
                say("incident at the relay: " + inc.getString("runbookId") + " on " + inc.getString("host") + " ("
                        + inc.getString("severity") + ", " + inc.getString("reason") + ")");
            }

            verifyChains(site, agent);

            step("Compliance, per framework (./osiris agent compliance --data-dir " + site.agentConfig().dataDir() + ")");
            Path file = site.agentConfig().dataDir().resolve("compliance.json");
            Await.result(agent.checkinNow()); // the check-in scores the latest verdicts and writes compliance.json
            out.print(ComplianceTable.render(ComplianceJson.fromJson(Json.MAPPER.readTree(Files.readAllBytes(file))), false)
                    .indent(3));

            agent = updates.run(vertx, site, agent);
            Await.result(agent.checkinNow());
            verifyChains(site, agent);

            out.println();
            out.println("Demo passed: every host was scanned, the injected drifts were healed and verified or escalated,"
                    + " the evidence reached the relay once and intact, an outage lost nothing, a release rolled out and committed"
                    + " after its trial boot, and a bad one rolled back and paused its rollout.");
            if (keep) {
                keepRunning(site);
            }
            return 0;
        } catch (DemoFailure | RuntimeException e) {
            out.println();
            out.println("Demo FAILED: " + e.getMessage());
            return 1;
        } finally {
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
    }

    private void verifyChains(LabSite site, Agent agent) throws DemoFailure {
        step("Verifying the evidence chain at both ends");
        OperatorClient.StoredEvidence stored = site.evidenceAtRelay();
        ChainVerifier atRelay = ChainVerifier.fromGenesis(stored.pinnedKey());
        stored.records().forEach(atRelay::accept);
        check(atRelay.ok(), "relay chain: " + (atRelay.failure() == null ? "" : atRelay.failure().message()));
        say("at the relay: chain intact, " + atRelay.verified() + " records signed by the appliance's pinned key");
        ChainReport report = Await.result(agent.evidence().verify());
        check(report.intact(), "appliance chain: " + report.verdict());
        say("on the appliance: " + report.verdict());
    }

    private record Injected(LabHost host, Runbook runbook) {
    }

    /** The first attack whose runbook id contains the topic and whose platform matches the host. */
    private static Optional<Attack> pickAttack(Attacks attacks, LabHost host, String topic) {
        Platform platform = host.transport().equals("ssh") ? Platform.LINUX : Platform.WINDOWS;
        return attacks.all().stream()
                .filter(a -> a.platform() == platform && a.runbook().contains("-" + topic))
                .findFirst();
    }

    private static String name(Lab lab, String address) {
        return lab.hosts().stream().filter(h -> h.address().equals(address)).map(LabHost::name).findFirst().orElse(address);
    }

    private void keepRunning(LabSite site) throws InterruptedException {
        out.println();
        out.println("The site keeps running (Ctrl-C to stop). Where to look:");
        out.println("  relay:          " + site.relay().baseUrl() + "   (operator key: " + site.operatorKey() + ")");
        out.println("  runbooks:       curl -s -H 'X-Osiris-Key: " + site.operatorKey() + "' "
                + site.relay().baseUrl() + "/api/sites/" + site.siteId() + "/runbooks");
        out.println("  incidents:      curl -s -H 'X-Osiris-Key: " + site.operatorKey() + "' "
                + site.relay().baseUrl() + "/api/sites/" + site.siteId() + "/incidents");
        out.println("  portal:         " + portalLink(site) + "   (one-time sign-in for the demo partner, within 10"
                + " minutes; ./osiris relay user list shows the demo admin)");
        out.println("  agent status:   ./osiris agent status --data-dir " + site.agentConfig().dataDir());
        out.println("  compliance:     ./osiris agent compliance --details --data-dir " + site.agentConfig().dataDir());
        out.println("  verify chain:   ./osiris agent evidence verify --data-dir " + site.agentConfig().dataDir());
        out.println("  data:           " + dir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            site.close();
            stopped.countDown();
        }, "demo-stop"));
        stopped.await();
    }

    /** A one-time sign-in to the portal as the demo partner's admin, so a new user sees the demo site at once. */
    private static String portalLink(LabSite site) {
        var admin = site.relay().admin();
        var user = Await.result(admin.addUser(dev.osiris.relay.store.Tenant.DEFAULT_PARTNER,
                dev.osiris.relay.auth.Role.ADMIN, "https://demo.osiris.invalid", "demo-admin", "demo@osiris.invalid"));
        return site.relay().baseUrl() + Await.result(admin.oneTimeSignIn(user.id()));
    }

    private void step(String text) {
        out.println();
        out.println("== " + text);
    }

    private void say(String text) {
        out.println("   " + text);
    }

    private static void check(boolean condition, String failure) throws DemoFailure {
        if (!condition) {
            throw new DemoFailure(failure);
        }
    }

    private static final class DemoFailure extends Exception {
        DemoFailure(String message) {
            super(message);
        }
    }
}
