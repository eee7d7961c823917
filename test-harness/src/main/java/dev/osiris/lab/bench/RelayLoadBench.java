package dev.osiris.lab.bench;

import dev.osiris.lab.proc.JavaProcess;
import dev.osiris.lab.relay.OperatorClient;
import dev.osiris.protocol.evidence.ApplianceKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SelfSignedCertificate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Check-ins per second at the relay under a constant arrival rate from many simulated appliances, over plain
 * HTTP and over TLS, beside the same server answering a trivial single-row query (GET /health runs SELECT 1) as
 * the ceiling. The relay runs in its own JVM with a small tuned heap on the embedded PostgreSQL; this JVM is the
 * load generator.
 */
public final class RelayLoadBench {

    private static final String RELAY_MAIN = "dev.osiris.relay.app.RelayMain";
    private static final Pattern OPERATOR_KEY = Pattern.compile("(opk_[A-Za-z0-9_-]+)");
    /** The relay's own limits (cloud-relay/jvm.options), so that this bench measures the relay as it runs. */
    static final List<String> RELAY_JVM = RelayJvm.options();

    private final Vertx vertx;
    private final Path dataDir;
    private final PrintStream out;
    private final int appliances;
    private final int seconds;
    private final int[] rates;

    public RelayLoadBench(Vertx vertx, Path dataDir, PrintStream out, int appliances, int seconds, int[] rates) {
        this.vertx = vertx;
        this.dataDir = dataDir;
        this.out = out;
        this.appliances = appliances;
        this.seconds = seconds;
        this.rates = rates;
    }

    public List<String> run() throws Exception {
        List<String> lines = new ArrayList<>();
        String operatorKey = createOperatorKey();
        SelfSignedCertificate cert = SelfSignedCertificate.create("127.0.0.1");
        List<CheckinCalls.Appliance> fleet = null;
        for (boolean tls : new boolean[]{false, true}) {
            int port = freePort();
            // the whole simulated fleet comes from one address over 256 pooled connections: lift the per-source
            // cap, and keep pooled connections that wait between calls at low rates
            List<String> serve = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "serve", "--port",
                    String.valueOf(port), "--max-connections-per-source", "1024", "--header-timeout", "120"));
            if (tls) {
                serve.addAll(List.of("--tls-cert", cert.certificatePath(), "--tls-key", cert.privateKeyPath()));
            }
            Process relay = JavaProcess.start(RELAY_JVM, RELAY_MAIN, serve);
            Thread drain = drainQuietly(relay);
            String scheme = tls ? "https" : "http";
            try (OperatorClient operator = new OperatorClient(vertx, scheme + "://127.0.0.1:" + port, operatorKey)) {
                awaitHealthy(operator, relay);
                if (fleet == null) {
                    fleet = provision(operator);
                }
                OpenLoopLoad load = new OpenLoopLoad(vertx, "127.0.0.1", port, tls, 256);
                CheckinCalls calls = new CheckinCalls(fleet);
                say(lines, "relay over " + scheme.toUpperCase() + " (pid " + relay.pid() + ", " + appliances
                        + " appliances, " + seconds + " s per step)");
                warmUp(load, calls);
                for (int rate : rates) {
                    OpenLoopLoad.Result ceiling = await(load.run("  ceiling: SELECT 1", rate, seconds,
                            i -> CheckinCalls.health()));
                    say(lines, ceiling.line());
                    OpenLoopLoad.Call[] batch = calls.build(rate * seconds);
                    OpenLoopLoad.Result result = await(load.run("  check-ins (committed)", rate, seconds,
                            i -> batch[(int) i]));
                    say(lines, result.line());
                }
                say(lines, "  relay resident memory: " + memory(relay.pid()));
                await(load.close());
            } finally {
                relay.destroy();
                if (!relay.waitFor(30, TimeUnit.SECONDS)) {
                    relay.destroyForcibly();
                }
                drain.join(5_000);
            }
        }
        cert.delete();
        return lines;
    }

    private void warmUp(OpenLoopLoad load, CheckinCalls calls) {
        int rate = Math.min(1000, rates[0]);
        OpenLoopLoad.Call[] batch = calls.build(rate * 5);
        await(load.run("warm-up", rate, 5, i -> batch[(int) i]));
    }

    private List<CheckinCalls.Appliance> provision(OperatorClient operator) {
        String site = await(operator.createSite("Load Bench Dental"));
        SecureRandom random = new SecureRandom();
        List<CheckinCalls.Appliance> fleet = new ArrayList<>();
        for (int i = 0; i < appliances; i += 50) {
            List<Future<OperatorClient.Provisioned>> batch = new ArrayList<>();
            for (int j = i; j < Math.min(appliances, i + 50); j++) {
                batch.add(operator.provisionAppliance(site));
            }
            for (Future<OperatorClient.Provisioned> p : batch) {
                fleet.add(new CheckinCalls.Appliance(await(p).apiKey(), ApplianceKey.generate(random)));
            }
        }
        return fleet;
    }

    private String createOperatorKey() throws IOException, InterruptedException {
        Process p = JavaProcess.start(List.of("-XX:+UseSerialGC"), RELAY_MAIN,
                List.of("--data-dir", dataDir.toString(), "operator", "create-key", "--name", "bench"));
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("relay operator create-key failed: " + output);
        }
        Matcher m = OPERATOR_KEY.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no operator key in: " + output);
        }
        return m.group(1);
    }

    private void awaitHealthy(OperatorClient operator, Process relay) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!relay.isAlive()) {
                throw new IllegalStateException("the relay exited with " + relay.exitValue() + " before it was healthy");
            }
            try {
                await(operator.health());
                return;
            } catch (RuntimeException notYet) {
                Thread.sleep(200); // polling a process that is starting: a condition, re-checked
            }
        }
        throw new IllegalStateException("the relay did not become healthy within 120 s");
    }

    static String memory(long pid) {
        try {
            String rss = "?";
            String hwm = "?";
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = line.substring(6).trim();
                } else if (line.startsWith("VmHWM:")) {
                    hwm = line.substring(6).trim();
                }
            }
            return "RSS " + toMiB(rss) + ", peak " + toMiB(hwm) + " (heap " + RelayJvm.heap(RELAY_JVM) + ")";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String toMiB(String kb) {
        try {
            return String.format("%.1f MiB", Long.parseLong(kb.replace("kB", "").trim()) / 1024.0);
        } catch (NumberFormatException e) {
            return kb;
        }
    }

    private static Thread drainQuietly(Process process) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                while (r.readLine() != null) {
                    // the relay's log is not part of the figures
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "relay-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void say(List<String> lines, String line) {
        lines.add(line);
        out.println(line);
        out.flush();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static <T> T await(Future<T> future) {
        return dev.osiris.lab.Await.result(future, Duration.ofMinutes(10));
    }

}
