package dev.osiris.agent.app;

import dev.osiris.agent.config.AgentConfig;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs the agent until SIGTERM or SIGINT, then closes it cleanly. */
@Command(name = "run", description = "Run the agent until stopped (SIGTERM closes it cleanly).")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, description = "agent configuration file (YAML)")
    Path config;

    @Override
    public Integer call() throws Exception {
        AgentConfig cfg = AgentConfig.load(config);
        Vertx vertx = Vertx.vertx();
        Agent agent;
        try {
            agent = Agent.start(vertx, cfg).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            System.err.println("osiris-agent: cannot start: " + cause.getMessage());
            vertx.close();
            return 2;
        }
        System.out.println("osiris-agent " + AgentMain.version() + " running, site " + cfg.siteId() + ", relay "
                + cfg.relayUrl() + ", data " + cfg.dataDir());
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                agent.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("osiris-agent: unclean shutdown: " + e);
            } finally {
                done.countDown();
            }
        }, "osiris-shutdown"));
        done.await();
        return 0;
    }
}
