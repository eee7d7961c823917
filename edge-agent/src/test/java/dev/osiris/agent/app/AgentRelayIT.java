package dev.osiris.agent.app;

import dev.osiris.agent.relay.LinkStatus;
import dev.osiris.agent.config.AgentConfig;
import dev.osiris.protocol.evidence.ChainVerifier;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.json.Json;
import dev.osiris.testing.TestFiles;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static dev.osiris.testing.Await.await;
import static dev.osiris.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
class AgentRelayIT {

    @TempDir
    Path dir;

    private Vertx vertx;
    private FakeRelay relay;

    @BeforeEach
    void startRelay(Vertx vertx) throws Exception {
        this.vertx = vertx;
        relay = FakeRelay.started(vertx, dir);
    }

    private AgentConfig config() {
        // no automatic probes of the fake target (the fixture's default): evidence stays exact
        return relay.agentConfig(dir).requestTimeout(Duration.ofSeconds(5)).connectTimeout(Duration.ofSeconds(2))
                .bundleMaxRecords(7).build();
    }

    private Agent startAgent() {
        return await(Agent.start(vertx, config()));
    }

    @Test
    void reportsMadeOfflineAreDeliveredInOrderExactlyOnce() {
        relay.down = true;
        Agent agent = startAgent();
        for (int i = 0; i < 3; i++) {
            assertThat(failure(agent.checkinNow())).hasMessageContaining("unreachable");
        }
        AgentStatus offline = agent.status();
        assertThat(offline.state()).isEqualTo(LinkStatus.NO_CREDENTIALS);
        assertThat(offline.outboxDepth()).isGreaterThanOrEqualTo(3);
        assertThat(offline.consecutiveFailures()).isGreaterThanOrEqualTo(3);
        assertThat(offline.lastError()).contains("unreachable");

        relay.down = false;
        await(agent.checkinNow());
        await(agent.checkinNow());

        AgentStatus online = agent.status();
        assertThat(online.state()).isEqualTo(LinkStatus.ONLINE);
        assertThat(online.outboxDepth()).isZero();
        assertThat(online.targets()).isEqualTo(1);
        assertThat(relay.checkinSeqs).containsExactlyElementsOf(
                LongStream.rangeClosed(1, relay.checkinSeqs.size()).boxed().toList());
        assertThat(relay.reports.getFirst().status()).isEqualTo("no-credentials");
        assertThat(relay.reports.getLast().status()).isEqualTo("ok");

        // every local record reached the relay exactly once, as one intact chain
        assertThat(relay.head()).isEqualTo(agent.evidence().head());
        assertThat(online.uploadedThrough()).isEqualTo(agent.evidence().head().seq());
        assertThat(relay.uploadsOfSeq.values()).allMatch(n -> n == 1);
        assertThat(relay.duplicates).isZero();
        ChainVerifier verifier = ChainVerifier.fromGenesis(agent.evidence().publicKey());
        relay.evidence.values().forEach(verifier::accept);
        assertThat(verifier.ok()).isTrue();

        List<EvidenceRecord> all = await(agent.evidence().range(0, 1000));
        assertThat(all).filteredOn(r -> r.checkId().equals("relay.unreachable")).hasSize(1);
        assertThat(all).filteredOn(r -> r.checkId().equals("relay.reachable")).hasSize(1);
        assertThat(all).filteredOn(r -> r.checkId().equals("agent.no-credentials")).hasSize(1);
        assertThat(all).filteredOn(r -> r.checkId().equals("config.received")).hasSize(1);
        await(agent.close());
    }

    @Test
    void aReplacementRecordsOnceWhichEndedChainItsChainSucceeds() {
        dev.osiris.protocol.checkin.EvidenceHead oldHead = new dev.osiris.protocol.checkin.EvidenceHead(41,
                "ab".repeat(32));
        relay.replaces = java.util.Optional.of(new dev.osiris.protocol.checkin.ReplacedChain("app-old", oldHead,
                java.time.Instant.parse("2026-11-23T09:00:00Z"), "cli root", "disk failed"));
        Agent agent = startAgent();
        await(agent.checkinNow());
        await(agent.checkinNow());

        List<EvidenceRecord> replaced = await(agent.evidence().range(0, 1000)).stream()
                .filter(r -> r.checkId().equals("chain.replaces")).toList();
        assertThat(replaced).hasSize(1);
        assertThat(replaced.getFirst().details()).contains("\"applianceId\":\"app-old\"")
                .contains("\"seq\":41").contains("disk failed");
        assertThat(relay.evidence.values()).anySatisfy(r -> assertThat(r.checkId()).isEqualTo("chain.replaces"));
        await(agent.close());
    }

    @Test
    void secretsNeverReachStatusEvidenceOrDisk() throws Exception {
        Agent agent = startAgent();
        await(agent.checkinNow());
        assertThat(agent.status().targets()).isEqualTo(1);
        assertThat(agent.status().toString()).doesNotContain(FakeRelay.SECRET);
        List<EvidenceRecord> all = await(agent.evidence().range(0, 1000));
        EvidenceRecord config = all.stream().filter(r -> r.kind().equals("config")).findFirst().orElseThrow();
        assertThat(config.details()).contains("dc01.clinic.local").doesNotContain(FakeRelay.SECRET);
        assertThat(all).allSatisfy(r -> assertThat(r.details()).doesNotContain(FakeRelay.SECRET));
        await(agent.close());

        String status = Files.readString(dir.resolve("data/status.json"));
        assertThat(Json.parseObject(status).path("state").asText()).isEqualTo("stopped");
        assertThat(Json.parseObject(status).path("targets").asInt()).isEqualTo(1);
        try (Stream<Path> files = Files.list(dir.resolve("data"))) {
            for (Path f : files.toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                        .as(f.toString()).doesNotContain(FakeRelay.SECRET);
            }
        }
        assertThat(new dev.osiris.protocol.checkin.Secret(FakeRelay.SECRET).toString()).isEqualTo("[REDACTED]");
    }

    @Test
    void metricsAreServedOnLoopbackOnlyWithTheLinkAndEvidenceAndNeverASecretOrHost() throws Exception {
        Agent agent = await(Agent.start(vertx, relay.agentConfig(dir).requestTimeout(Duration.ofSeconds(5))
                .connectTimeout(Duration.ofSeconds(2)).metricsPort(dev.osiris.testing.LoopbackPort.free()).build()));
        await(agent.checkinNow());
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        java.net.http.HttpResponse<String> scrape = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + agent.metricsPort() + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        String text = scrape.body();
        assertThat(text).contains("osiris_agent_link_state{state=\"online\"} 1.0")
                .contains("osiris_agent_link_state{state=\"offline\"} 0.0")
                .contains("osiris_agent_outbox_depth 0.0")
                .contains("osiris_agent_targets 1.0")
                .contains("osiris_agent_evidence_head_seq " + (double) agent.status().evidenceHeadSeq())
                .contains("jvm_memory_used_bytes")
                .doesNotContain(FakeRelay.SECRET).doesNotContain("dc01.clinic.local").doesNotContain(FakeRelay.API_KEY);
        java.net.http.HttpResponse<String> other = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + agent.metricsPort() + "/status"))
                .timeout(Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(404);
        try (java.net.Socket s = new java.net.Socket()) {
            java.net.InetAddress lan = java.net.InetAddress.getByName("127.0.0.2");
            assertThatThrownBy(() -> s.connect(new java.net.InetSocketAddress(lan, agent.metricsPort()), 2000))
                    .as("bound to 127.0.0.1 only").isInstanceOf(java.io.IOException.class);
        }
        await(agent.close());
    }

    @Test
    void restartWhileOfflineRunsWithoutCredentialsAndSaysSo() {
        Agent first = startAgent();
        await(first.checkinNow());
        assertThat(first.status().credentialsPresent()).isTrue();
        await(first.close());

        relay.down = true;
        Agent second = startAgent();
        assertThat(failure(second.checkinNow())).hasMessageContaining("unreachable");
        AgentStatus status = second.status();
        assertThat(status.state()).isEqualTo(LinkStatus.NO_CREDENTIALS);
        assertThat(status.credentialsPresent()).isFalse();
        assertThat(status.targets()).isZero();
        assertThat(status.detail()).contains("no configuration from the relay since the agent started");
        List<EvidenceRecord> all = await(second.evidence().range(0, 1000));
        assertThat(all).filteredOn(r -> r.checkId().equals("agent.no-credentials")).hasSize(1);

        relay.down = false;
        await(second.checkinNow());
        assertThat(second.status().state()).isEqualTo(LinkStatus.ONLINE);
        assertThat(second.status().targets()).isEqualTo(1);
        assertThat(relay.uploadsOfSeq.values()).allMatch(n -> n == 1);
        await(second.close());
    }

    @Test
    void aRefusedRecordDegradesButCheckinsContinueAndItIsNotResentForever() {
        relay.refuseSeq = 3;
        Agent agent = startAgent();
        await(agent.checkinNow());
        for (int i = 0; i < 3; i++) {
            await(agent.evidence().append(new dev.osiris.agent.evidence.Entries(java.time.Clock.systemUTC()).appliance(
                    dev.osiris.protocol.evidence.EvidenceKind.DETECT, "rb-test", "pass", Json.object().put("i", i))));
        }
        await(agent.checkinNow());
        await(agent.checkinNow());
        AgentStatus status = agent.status();
        assertThat(status.state()).isEqualTo(LinkStatus.DEGRADED);
        assertThat(status.lastError()).contains("evidence record 3 was refused by the relay: record refused by test; uploads to the relay are held from record 3");
        assertThat(status.uploadedThrough()).isEqualTo(2);
        assertThat(relay.uploadsOfSeq.get(3L)).isEqualTo(1);
        assertThat(relay.head().seq()).isEqualTo(2);
        assertThat(status.evidenceHeldFrom()).isEqualTo(3);
        assertThat(relay.reports.getLast().status()).isEqualTo("degraded");
        List<EvidenceRecord> all = await(agent.evidence().range(0, 1000));
        assertThat(all).filteredOn(r -> r.checkId().equals("evidence.refused")).hasSize(1);
        await(agent.close());
    }

    @Test
    void aRecordAlteredHereHoldsUploadsFromItOnceTheGoodOnesBeforeItAreSent() throws Exception {
        Agent agent = startAgent();
        await(agent.checkinNow());
        for (int i = 0; i < 12; i++) {
            await(agent.evidence().append(new dev.osiris.agent.evidence.Entries(java.time.Clock.systemUTC()).appliance(
                    dev.osiris.protocol.evidence.EvidenceKind.DETECT, "rb-test", "pass", Json.object().put("i", i))));
        }
        long bad = relay.head().seq() + 9; // past the first bundle of 7
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/evidence.db"));
             java.sql.Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("UPDATE evidence SET outcome = 'fail' WHERE seq = " + bad)).isEqualTo(1);
        }
        await(agent.checkinNow());
        await(agent.checkinNow());
        await(agent.checkinNow());

        assertThat(relay.head().seq()).isEqualTo(bad - 1);
        assertThat(relay.uploadsOfSeq.keySet()).allMatch(seq -> seq < bad);
        AgentStatus status = agent.status();
        assertThat(status.state()).isEqualTo(LinkStatus.DEGRADED);
        assertThat(status.uploadedThrough()).isEqualTo(bad - 1);
        assertThat(status.evidenceHeldFrom()).isEqualTo(bad);
        assertThat(status.lastError()).contains("evidence record " + bad + " fails verification on this appliance (hash"
                + " mismatch: the record's content was altered); uploads to the relay are held from record " + bad);
        assertThat(relay.reports.getLast().statusDetail()).contains("held from record " + bad);
        assertThat(AgentStatus.describe(status.toJson(), dir.resolve("data")))
                .contains("evidence upload: HELD from record " + bad + ": evidence record " + bad + " fails verification")
                .contains("to do: run `osiris-agent evidence verify --data-dir " + dir.resolve("data") + "`");
        await(agent.close());

        Agent again = startAgent();
        await(again.checkinNow());
        await(again.checkinNow());
        assertThat(again.status().evidenceHeldFrom()).isEqualTo(bad);
        assertThat(relay.head().seq()).isEqualTo(bad - 1);
        List<EvidenceRecord> refusals = await(again.evidence().range(0, 1000)).stream()
                .filter(r -> r.checkId().equals("evidence.refused")).toList();
        assertThat(refusals).hasSize(1);
        assertThat(Json.parseObject(refusals.getFirst().details()).path("seq").asLong()).isEqualTo(bad);
        assertThat(Json.parseObject(refusals.getFirst().details()).path("source").asText()).isEqualTo("local");
        await(again.close());
    }

    @Test
    void bundlesOverTheRelaysBodyLimitAreSplitUntilTheyFit() {
        relay.maxBundleRecords = 2;
        Agent agent = startAgent();
        await(agent.checkinNow());
        for (int i = 0; i < 20; i++) {
            await(agent.evidence().append(new dev.osiris.agent.evidence.Entries(java.time.Clock.systemUTC()).appliance(
                    dev.osiris.protocol.evidence.EvidenceKind.DETECT, "rb-test", "pass", Json.object().put("i", i))));
        }
        await(agent.checkinNow());
        assertThat(relay.head()).isEqualTo(agent.evidence().head());
        assertThat(agent.status().uploadedThrough()).isEqualTo(agent.evidence().head().seq());
        assertThat(relay.uploadsOfSeq.values()).allMatch(n -> n == 1);
        await(agent.close());
    }

    @Test
    void aReplacedEvidenceDatabaseIsReportedNotUploadedOver() throws Exception {
        Agent first = startAgent();
        await(first.checkinNow());
        await(first.close());
        long relayHead = relay.head().seq();
        for (String f : List.of("evidence.db", "evidence.db-wal", "evidence.db-shm")) {
            Files.deleteIfExists(dir.resolve("data").resolve(f));
        }
        Agent second = startAgent();
        // by the upload the new chain has as many records as the old, so this shows as a fork
        assertThat(failure(second.checkinNow())).hasMessageContaining("the relay's record " + relayHead + " differs")
                .hasMessageContaining("forked");
        assertThat(second.status().state()).isEqualTo(LinkStatus.DEGRADED);
        assertThat(relay.head().seq()).isEqualTo(relayHead);
        await(second.close());
    }

    @Test
    void aWrongApiKeyIsReportedNotRetriedAsUnreachable() throws Exception {
        TestFiles.secret(dir.resolve("api.key"), "wrong-key");
        Agent agent = startAgent();
        assertThat(failure(agent.checkinNow())).hasMessageContaining("401");
        assertThat(agent.status().lastError()).contains("does not match");
        assertThat(agent.status().state()).isEqualTo(LinkStatus.NO_CREDENTIALS);
        List<EvidenceRecord> all = await(agent.evidence().range(0, 1000));
        assertThat(all).noneMatch(r -> r.checkId().equals("relay.unreachable"));
        await(agent.close());
    }
}
