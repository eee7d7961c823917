package dev.osiris.lab;

import dev.osiris.agent.app.Agent;
import dev.osiris.agent.app.AgentStatus;
import dev.osiris.agent.remote.TargetReachability;
import dev.osiris.lab.hosts.Lab;
import dev.osiris.lab.hosts.LabHost;
import dev.osiris.lab.hosts.LabSpec;
import dev.osiris.lab.site.LabSite;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.testing.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole site (relay + agent) and the default lab: every host registered through the operator API, reached by
 * the agent, recorded once each and uploaded; a changed password and a stopped host show up as what they are.
 * Linux hosts take part where the namespace lab is available (the test prints the reason where not).
 */
class LabRemoteIT {

    @TempDir
    Path dir;

    private Vertx vertx;
    private LabSite site;
    private Lab lab;
    private Map<String, String> credentialIds;

    @BeforeEach
    void startSiteAndLab() throws Exception {
        vertx = Vertx.vertx();
        site = LabSite.create(vertx, dir.resolve("site"), "North Valley Dental", b -> b
                .checkinInterval(Duration.ofHours(1)) // the test drives check-ins and probes itself
                .backoffMin(Duration.ofMillis(50))
                .backoffMax(Duration.ofMillis(200))
                .reachabilityInterval(Duration.ZERO));
        lab = Await.result(Lab.start(vertx, dir.resolve("lab"), LabSpec.defaults()), Duration.ofMinutes(2));
        lab.skipped().forEach(reason -> System.out.println("lab host skipped: " + reason));
        credentialIds = Await.result(lab.registerWith(site.operator(), site.siteId()));
    }

    @AfterEach
    void stop() {
        if (site != null) {
            site.close();
        }
        if (lab != null) {
            lab.close();
        }
        Await.result(vertx.close());
    }

    @Test
    void theAgentReachesEveryLabHostAndRecordsEachOnce() throws Exception {
        Agent agent = site.startAgent();
        Await.result(agent.checkinNow());

        List<TargetReachability> results = Await.result(agent.probeTargetsNow(), Duration.ofMinutes(2));

        assertThat(results).hasSize(lab.hosts().size());
        assertThat(results).allSatisfy(r -> assertThat(r.state()).as(r.host() + ":" + r.port() + " " + r.error())
                .isEqualTo("reachable"));
        for (LabHost h : lab.hosts()) {
            TargetReachability r = byId(results).get(credentialIds.get(h.name()));
            if (h.transport().equals("winrm")) {
                assertThat(r.identity()).isEqualTo(h.name());
            }
        }
        AgentStatus status = agent.status();
        assertThat(status.targetsReachable()).isEqualTo(lab.hosts().size());

        Await.result(agent.probeTargetsNow(), Duration.ofMinutes(2)); // nothing changed: nothing new recorded
        Map<String, Long> perTarget = reachabilityRecords(Await.result(agent.evidence().range(0, 10_000))).stream()
                .collect(Collectors.groupingBy(r -> r.detailsJson().path("targetId").asText(), Collectors.counting()));
        assertThat(perTarget).hasSize(lab.hosts().size()).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));

        Await.result(agent.checkinNow());
        assertThat(reachabilityRecords(site.evidenceAtRelay().records())).hasSize(lab.hosts().size())
                .allSatisfy(r -> assertThat(r.outcome()).isEqualTo("reachable"));

        Await.result(agent.close());
        assertNoSecretUnder(site.agentConfig().dataDir());
    }

    @Test
    void aWrongPasswordIsAuthenticationAndAStoppedHostIsConnectRefused() throws Exception {
        Agent agent = site.startAgent();
        Await.result(agent.checkinNow());
        assertThat(Await.result(agent.probeTargetsNow(), Duration.ofMinutes(2)))
                .allSatisfy(r -> assertThat(r.state()).as(r.host() + ":" + r.port() + " " + r.error()).isEqualTo("reachable"));

        LabHost ws = lab.host("NVWS01");
        Await.result(site.operator().deleteCredential(site.siteId(), credentialIds.get("NVWS01")));
        String wrongId = Await.result(site.operator().addCredential(site.siteId(),
                ws.credential().put("secret", "Not-The-Password-1")));
        Await.result(lab.stopWindows("NVSRV01"));
        Await.result(agent.checkinNow());

        Map<String, TargetReachability> results = byId(Await.result(agent.probeTargetsNow(), Duration.ofMinutes(2)));

        assertThat(results.get(wrongId).reason()).as(results.get(wrongId).error()).isEqualTo("authentication");
        assertThat(results.get(credentialIds.get("NVSRV01")).reason()).isEqualTo("connect_refused");
        assertThat(results.get(credentialIds.get("NVDC01")).state()).isEqualTo("reachable");
        assertThat(agent.status().reachabilityOf(wrongId).reason()).isEqualTo("authentication");
        List<EvidenceRecord> records = reachabilityRecords(Await.result(agent.evidence().range(0, 10_000)));
        assertThat(records).filteredOn(r -> r.detailsJson().path("targetId").asText().equals(wrongId))
                .singleElement().extracting(EvidenceRecord::outcome).isEqualTo("authentication");
        assertThat(records).filteredOn(r -> r.detailsJson().path("targetId").asText().equals(credentialIds.get("NVSRV01")))
                .extracting(EvidenceRecord::outcome).containsExactly("reachable", "connect_refused");
        Await.result(agent.close());
        assertNoSecretUnder(site.agentConfig().dataDir());
    }

    private static Map<String, TargetReachability> byId(List<TargetReachability> results) {
        return results.stream().collect(Collectors.toMap(TargetReachability::id, Function.identity()));
    }

    private static List<EvidenceRecord> reachabilityRecords(List<EvidenceRecord> all) {
        return all.stream().filter(r -> r.checkId().equals("remote.reachability")).toList();
    }

    private void assertNoSecretUnder(Path dataDir) throws IOException {
        List<String> secrets = lab.hosts().stream().map(LabHost::secret).distinct().toList();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String secret : secrets) {
                    assertThat(content).as(f + " must not hold a secret").doesNotContain(secret);
                }
            }
        }
    }
}
