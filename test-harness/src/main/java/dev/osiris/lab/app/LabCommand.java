package dev.osiris.lab.app;

import dev.osiris.lab.Await;
import dev.osiris.lab.WorkDirs;
import dev.osiris.lab.hosts.Lab;
import dev.osiris.lab.hosts.LabBaseline;
import dev.osiris.lab.hosts.LabHost;
import dev.osiris.lab.hosts.LabSpec;
import dev.osiris.lab.linux.LinuxLab;
import dev.osiris.lab.relay.OperatorClient;
import dev.osiris.lab.site.LabSite;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code ./osiris lab up|down}: lab hosts registered with a relay site, in the foreground until stopped. */
@Command(name = "lab", description = "Lab hosts (Windows emulators, Linux namespace hosts) for an appliance to manage.",
        subcommands = {LabCommand.Up.class, LabCommand.Down.class})
final class LabCommand {

    static Path pidFile() {
        return WorkDirs.of("lab").resolve("lab.pid");
    }

    @Command(name = "up", description = "Start the lab, register its hosts with a relay site and stay in the foreground"
            + " until SIGTERM or Ctrl-C. Without --relay an embedded relay and site are started too.")
    static final class Up implements java.util.concurrent.Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "lab.yaml", description = "lab spec (default: the built-in North Valley Dental lab)")
        Path specFile;
        @Option(names = "--relay", description = "base URL of a running relay")
        String relayUrl;
        @Option(names = "--operator-key", description = "operator API key for --relay")
        String operatorKey;
        @Option(names = "--site", description = "site id at --relay")
        String siteId;

        @Override
        public Integer call() throws Exception {
            PrintStream out = System.out;
            if (relayUrl != null && (operatorKey == null || siteId == null)) {
                System.err.println("lab up: --relay needs --operator-key and --site");
                return 2;
            }
            Path pid = pidFile();
            Optional<ProcessHandle> running = runningLab(pid);
            if (running.isPresent()) {
                System.err.println("lab up: a lab is already running (pid " + running.get().pid() + "); ./osiris lab down first");
                return 1;
            }
            LabSpec spec = specFile == null ? LabSpec.defaults() : LabSpec.load(specFile);
            Path dir = WorkDirs.fresh(WorkDirs.of("lab"));
            Vertx vertx = Vertx.vertx();
            Lab lab = null;
            LabSite site = null;
            OperatorClient operator = null;
            try {
                lab = Await.result(Lab.start(vertx, dir.resolve("hosts"), spec), Duration.ofMinutes(2));
                if (relayUrl == null) {
                    site = LabSite.create(vertx, dir.resolve("site"), "North Valley Dental", b -> b);
                    relayUrl = site.relay().baseUrl();
                    operatorKey = site.operatorKey();
                    siteId = site.siteId();
                    operator = site.operator();
                    // the site the demo runs: the whole catalog enabled, with the baseline the lab hosts comply with
                    Await.result(operator.putRunbooks(siteId, LabBaseline.siteRunbooks()));
                } else {
                    operator = new OperatorClient(vertx, relayUrl, operatorKey);
                }
                Map<String, String> ids = Await.result(lab.registerWith(operator, siteId));
                out.println(LabHost.header() + "  CREDENTIAL");
                for (LabHost h : lab.hosts()) {
                    out.println(h.row() + "  " + ids.get(h.name()));
                }
                lab.skipped().forEach(reason -> out.println("skipped: " + reason));
                out.println();
                out.println("relay:        " + relayUrl);
                out.println("operator key: " + operatorKey);
                out.println("site:         " + siteId);
                if (site != null) {
                    out.println("agent config: " + writeAgentConfig(site, dir));
                    out.println("run the appliance with: ./osiris agent run --config " + dir.resolve("agent.yaml"));
                }
                Files.writeString(pid, Long.toString(ProcessHandle.current().pid()));
                out.println("lab is up (pid " + ProcessHandle.current().pid() + "); ./osiris lab down or Ctrl-C stops it");
                out.flush();
            } catch (RuntimeException e) {
                stopAll(vertx, lab, site, operator, pid);
                throw e;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Lab l = lab;
            LabSite s = site;
            OperatorClient o = operator;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopAll(vertx, l, s, o, pid);
                System.out.println("lab is down");
                stopped.countDown();
            }, "osiris-lab-down"));
            stopped.await();
            return 0;
        }

        private static Path writeAgentConfig(LabSite site, Path dir) throws java.io.IOException {
            var c = site.agentConfig();
            Path file = dir.resolve("agent.yaml");
            Files.writeString(file, String.join("\n",
                    "siteId: " + c.siteId(),
                    "relayUrl: " + c.relayUrl(),
                    "apiKeyFile: " + c.apiKeyFile(),
                    "dataDir: " + c.dataDir(),
                    "reachabilityInterval: 15m",
                    ""));
            return file;
        }

        private static void stopAll(Vertx vertx, Lab lab, LabSite site, OperatorClient operator, Path pid) {
            if (lab != null) {
                lab.close();
            }
            if (site != null) {
                site.close();
            } else if (operator != null) {
                operator.close();
            }
            try {
                Files.deleteIfExists(pid);
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // shutting down: nothing more to do
            }
        }
    }

    @Command(name = "down", description = "Stop the running lab (SIGTERM, then wait for its cleanup) and remove leftover namespaces.")
    static final class Down implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--wait", defaultValue = "120", description = "seconds to wait for the lab to clean up")
        int waitSeconds;

        @Override
        public Integer call() throws Exception {
            Path pid = pidFile();
            Optional<ProcessHandle> running = runningLab(pid);
            int rc = 0;
            if (running.isEmpty()) {
                System.out.println("no lab running");
            } else {
                ProcessHandle lab = running.get();
                lab.destroy();
                try {
                    lab.onExit().get(waitSeconds, TimeUnit.SECONDS);
                    System.out.println("lab (pid " + lab.pid() + ") stopped");
                } catch (java.util.concurrent.TimeoutException e) {
                    System.err.println("lab (pid " + lab.pid() + ") did not stop within " + waitSeconds + " s");
                    rc = 1;
                }
            }
            Files.deleteIfExists(pid);
            try {
                LinuxLab.cleanupLeftovers();
            } catch (RuntimeException e) {
                System.err.println("leftover namespaces not checked: " + e.getMessage());
            }
            return rc;
        }
    }

    /** The lab process named by the pid file, if it is still alive and is a java process. */
    static Optional<ProcessHandle> runningLab(Path pid) {
        try {
            long id = Long.parseLong(Files.readString(pid).strip());
            return ProcessHandle.of(id).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(true));
        } catch (java.io.IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
