package dev.osiris.lab.site;

import dev.osiris.agent.app.Agent;
import dev.osiris.agent.config.AgentConfig;
import dev.osiris.lab.Await;
import dev.osiris.lab.relay.OperatorClient;
import dev.osiris.relay.app.Relay;
import dev.osiris.relay.app.RelayConfig;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * One whole site in one process: a relay on its embedded PostgreSQL, a site with an operator, and an appliance
 * agent provisioned for it, every step taken through the same API a partner or an installer would use. The
 * demo and the end-to-end tests drive it from a plain thread (never from an event loop).
 */
public final class LabSite implements AutoCloseable {

    private final Vertx vertx;
    private final Path dir;
    private Relay relay;
    private int relayPort;
    private OperatorClient operator;
    private String operatorKey;
    private String siteId;
    private OperatorClient.Provisioned appliance;
    private AgentConfig agentConfig;
    private Agent agent;

    private LabSite(Vertx vertx, Path dir) {
        this.vertx = vertx;
        this.dir = dir;
    }

    /** Starts the relay, creates the site and provisions an appliance (whose agent is not started yet). */
    public static LabSite create(Vertx vertx, Path dir, String siteName, UnaryOperator<AgentConfig.Builder> agentTuning)
            throws IOException {
        LabSite site = new LabSite(vertx, dir);
        site.startRelay(0);
        site.operatorKey = Await.result(site.relay.admin().createOperatorKey("lab"));
        site.operator = new OperatorClient(vertx, site.relay.baseUrl(), site.operatorKey);
        site.siteId = Await.result(site.operator.createSite(siteName));
        site.appliance = Await.result(site.operator.provisionAppliance(site.siteId));
        Path agentDir = Files.createDirectories(dir.resolve("agent"));
        Path keyFile = agentDir.resolve("api-key");
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(keyFile, site.appliance.apiKey());
        site.agentConfig = agentTuning.apply(AgentConfig.builder()
                .siteId(site.siteId)
                .relayUrl(site.relay.baseUrl())
                .apiKeyFile(keyFile)
                .dataDir(agentDir.resolve("data"))).build();
        return site;
    }

    private void startRelay(int port) {
        relay = Await.result(Relay.start(vertx, RelayConfig.defaults(dir.resolve("relay")).withPort(port)),
                Duration.ofMinutes(3));
        relayPort = relay.port();
    }

    public Agent startAgent() {
        agent = Await.result(Agent.start(vertx, agentConfig));
        return agent;
    }

    public void stopAgent() {
        if (agent != null) {
            Await.result(agent.close());
            agent = null;
        }
    }

    /** Takes the relay down (server and database), as an outage at the cloud end. */
    public void stopRelay() {
        Await.result(relay.close(), Duration.ofMinutes(1));
        relay = null;
    }

    /** Brings the relay back on the same port and data directory. */
    public void restartRelay() {
        startRelay(relayPort);
    }

    public Relay relay() {
        return relay;
    }

    public Agent agent() {
        return agent;
    }

    public OperatorClient operator() {
        return operator;
    }

    public String operatorKey() {
        return operatorKey;
    }

    public String siteId() {
        return siteId;
    }

    public String applianceId() {
        return appliance.applianceId();
    }

    public AgentConfig agentConfig() {
        return agentConfig;
    }

    public Path dir() {
        return dir;
    }

    /** Every evidence record the relay holds for this site's appliance. */
    public OperatorClient.StoredEvidence evidenceAtRelay() {
        return Await.result(operator.evidence(siteId, applianceId()));
    }

    @Override
    public void close() {
        stopAgent();
        if (operator != null) {
            operator.close();
        }
        if (relay != null) {
            stopRelay();
        }
    }
}
