package dev.osiris.lab.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.app.Agent;
import dev.osiris.agent.app.AgentStatus;
import dev.osiris.agent.evidence.ChainReport;
import dev.osiris.lab.Await;
import dev.osiris.lab.relay.OperatorClient;
import dev.osiris.lab.site.LabSite;
import dev.osiris.protocol.evidence.ChainVerifier;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.evidence.EvidenceSealer;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./osiris demo}: one dental office's site, end to end, told in a partner's words. A relay on its embedded
 * PostgreSQL, a site and an appliance provisioned through the operator API, the agent checking in and receiving its
 * configuration, evidence recorded and shipped, an outage at the cloud end that loses nothing, and both ends of
 * the chain verified. Exits non-zero with the reason when a step does not hold.
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
        try {
            step("Starting the cloud relay with its embedded PostgreSQL (data in " + dir.resolve("relay") + ")");
            site = LabSite.create(vertx, dir, "North Valley Dental", b -> b.checkinInterval(Duration.ofSeconds(60))
                    // its front-desk PC is not a running lab host: no probes, so the chains compare exactly
                    .reachabilityInterval(Duration.ZERO));
            say("relay is up at " + site.relay().baseUrl());
            say("site \"North Valley Dental\" created: " + site.siteId());
            say("appliance provisioned: " + site.applianceId() + " (its API key was shown once and saved to "
                    + site.agentConfig().apiKeyFile() + ", mode 0600)");

            step("Registering the office's front-desk PC with the site (its password is stored encrypted at the relay)");
            Await.result(site.operator().addCredential(site.siteId(), new JsonObject()
                    .put("host", "198.18.0.21").put("transport", "winrm").put("port", 5986).put("tls", true)
                    .put("auth", "ntlm").put("account", "NVDENTAL\\osiris-svc").put("secret", "demo-only-Pa55word!")));

            step("Starting the appliance agent and checking in");
            Agent agent = site.startAgent();
            Await.result(agent.checkinNow());
            AgentStatus status = agent.status();
            check(status.targets() == 1, "the appliance should have received 1 host to manage, got " + status.targets());
            say("the appliance checked in and received its configuration: " + status.targets()
                    + " host to manage; the credential lives in memory only, never on the appliance's disk");

            step("Recording evidence on the appliance (signed, hash-chained, in SQLite)");
            record(agent, 12, "RB-WIN-FIREWALL-001", "pass");
            Await.result(agent.checkinNow());
            long atRelay = site.evidenceAtRelay().records().size();
            say(atRelay + " evidence records are now at the relay, uploaded at check-in");

            step("The relay goes down for three check-in intervals; the appliance keeps working");
            site.stopRelay();
            for (int interval = 1; interval <= 3; interval++) {
                record(agent, 10, "RB-WIN-DEFENDER-001", "pass");
                Throwable failure = Await.failure(agent.checkinNow());
                say("check-in " + interval + " could not reach the relay (" + failure.getMessage()
                        + "); 10 more records kept locally");
            }
            AgentStatus offline = agent.status();
            say("waiting to be sent: " + offline.outboxDepth() + " check-in reports and "
                    + (agent.evidence().head().seq() - offline.uploadedThrough()) + " evidence records");

            step("The relay comes back");
            site.restartRelay();
            long recordedOffline = agent.evidence().head().seq();
            Await.result(agent.checkinNow());
            check(agent.status().uploadedThrough() >= recordedOffline, "the first check-in back should upload the "
                    + recordedOffline + " records made so far, got " + agent.status().uploadedThrough());
            say("the first check-in back delivered the queued reports and every record made offline");
            Await.result(agent.checkinNow()); // also ships the "relay reachable again" note made after that upload
            OperatorClient.StoredEvidence stored = site.evidenceAtRelay();
            List<EvidenceRecord> local = Await.result(agent.evidence().range(0, 1_000_000));
            check(stored.records().equals(local), "the relay should hold exactly the appliance's chain: "
                    + stored.records().size() + " records at the relay, " + local.size() + " on the appliance");
            say("all " + local.size() + " records arrived, each exactly once, in order");

            step("Verifying the evidence chain at both ends");
            ChainVerifier atRelayVerifier = ChainVerifier.fromGenesis(stored.pinnedKey());
            stored.records().forEach(atRelayVerifier::accept);
            check(atRelayVerifier.ok(), "relay chain: " + (atRelayVerifier.failure() == null ? ""
                    : atRelayVerifier.failure().message()));
            say("at the relay: chain intact, " + atRelayVerifier.verified() + " records signed by the appliance's pinned key");
            ChainReport report = Await.result(agent.evidence().verify());
            check(report.intact(), "appliance chain: " + report.verdict());
            say("on the appliance: " + report.verdict());

            out.println();
            out.println("Demo passed: the site checked in, its evidence reached the relay once and intact,"
                    + " and an outage lost nothing.");
            if (keep) {
                keepRunning(site);
            }
            return 0;
        } catch (DemoFailure | RuntimeException e) {
            out.println();
            out.println("Demo FAILED: " + e.getMessage());
            return 1;
        } finally {
            if (site != null) {
                site.close();
            }
            Await.result(vertx.close());
        }
    }

    private void keepRunning(LabSite site) throws InterruptedException {
        out.println();
        out.println("The site keeps running (Ctrl-C to stop). Where to look:");
        out.println("  relay:          " + site.relay().baseUrl() + "   (operator key: " + site.operatorKey() + ")");
        out.println("  sites:          curl -s -H 'X-Osiris-Key: " + site.operatorKey() + "' "
                + site.relay().baseUrl() + "/api/sites");
        out.println("  appliances:     curl -s -H 'X-Osiris-Key: " + site.operatorKey() + "' "
                + site.relay().baseUrl() + "/api/sites/" + site.siteId() + "/appliances");
        out.println("  agent status:   ./osiris agent status --data-dir " + site.agentConfig().dataDir());
        out.println("  verify chain:   ./osiris agent evidence verify --data-dir " + site.agentConfig().dataDir());
        out.println("  data:           " + dir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            site.close(); // the JVM ends when its hooks do: stop the agent, the relay and its PostgreSQL here
            stopped.countDown();
        }, "demo-stop"));
        stopped.await();
    }

    private void record(Agent agent, int count, String checkId, String outcome) {
        List<Future<EvidenceRecord>> appends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectNode details = Json.object().put("observed", "enabled").put("expected", "enabled");
            appends.add(agent.evidence().append(new EvidenceSealer.Entry(Instant.now(), "NVWS01", checkId,
                    EvidenceKind.DETECT, outcome, details)));
        }
        appends.forEach(Await::result);
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
