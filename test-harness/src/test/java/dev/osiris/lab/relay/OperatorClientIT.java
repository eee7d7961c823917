package dev.osiris.lab.relay;

import dev.osiris.agent.app.Agent;
import dev.osiris.lab.site.LabSite;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator client's runbook, incident and compliance calls against a real relay that a real agent checks in
 * with; the shapes are asserted at the relay in {@code HealingIT}, here the client's plumbing and refusals.
 */
class OperatorClientIT {

    @TempDir
    Path dir;
    private Vertx vertx;
    private LabSite site;

    @BeforeEach
    void startSite() throws Exception {
        vertx = Vertx.vertx();
        site = LabSite.create(vertx, dir, "Client Clinic", b -> b.checkinInterval(Duration.ofHours(1))
                .reachabilityInterval(Duration.ZERO));
    }

    @AfterEach
    void stopSite() {
        site.close();
        Await.result(vertx.close());
    }

    @Test
    void runbookSettingsReachTheAgentAndRefusalsAreRelayCallExceptions() {
        OperatorClient operator = site.operator();
        String siteId = site.siteId();

        JsonObject settings = Await.result(operator.putRunbooks(siteId, new JsonObject().put("enabled", "all")
                .put("healingMode", "full-coverage").put("scanIntervalSeconds", 300)
                .put("baseline", new JsonObject().put("dnsServers", new JsonArray().add("198.18.0.10")))));
        assertThat(settings.getString("siteId")).isEqualTo(siteId);
        assertThat(settings.getString("healingMode")).isEqualTo("full-coverage");
        assertThat(Await.result(operator.runbooks(siteId)).getInteger("scanIntervalSeconds")).isEqualTo(300);

        Throwable unknown = Await.failure(operator.putRunbooks(siteId,
                new JsonObject().put("enabled", new JsonArray().add("RB-WIN-GHOST-001"))));
        assertThat(unknown).isInstanceOf(OperatorClient.RelayCallException.class);
        assertThat(((OperatorClient.RelayCallException) unknown).status()).isEqualTo(400);
        assertThat(unknown.getMessage()).contains("unknown runbook RB-WIN-GHOST-001");

        Agent agent = site.startAgent();
        Await.result(agent.checkinNow());
        assertThat(agent.status().lastError()).isNullOrEmpty();

        assertThat(Await.result(operator.incidents(siteId, "open"))).isEmpty();
        Throwable missing = Await.failure(operator.resolve(siteId, "inc-none", new JsonObject().put("action", "manual")));
        assertThat(((OperatorClient.RelayCallException) missing).status()).isEqualTo(404);
        JsonObject compliance = Await.result(operator.compliance(siteId));
        assertThat(compliance.containsKey("computedAt")).isTrue();
        assertThat(compliance.getJsonArray("frameworks")).isNotNull();
    }
}
