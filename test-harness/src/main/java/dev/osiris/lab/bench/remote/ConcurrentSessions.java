package dev.osiris.lab.bench.remote;

import dev.osiris.agent.remote.KnownHosts;
import dev.osiris.agent.remote.RemoteConfig;
import dev.osiris.agent.remote.RemoteShell;
import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.agent.remote.Script;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * K sessions at once through one {@link RemoteShells} with its default pools: K shells (one per emulated host
 * account: its own connection, NTLM handshake and remote shell) are opened together, then each runs the script
 * back to back (closed loop, one in flight per shell, as the agent runs a scan) for a fixed time. Latency is from
 * issuing {@code run} to its completion, so it includes waiting for a pool worker; "held" is the time a worker spent
 * on the call (the script's own duration), which with the pool width bounds the rate: workers / mean held.
 */
final class ConcurrentSessions {

    private final Vertx vertx;
    private final EmulatorJvm emulator;
    private final Script script;
    private final int seconds;

    ConcurrentSessions(Vertx vertx, EmulatorJvm emulator, Script script, int seconds) {
        this.vertx = vertx;
        this.emulator = emulator;
        this.script = script;
        this.seconds = seconds;
    }

    String measure(int hosts) throws InterruptedException {
        RemoteConfig config = RemoteConfig.DEFAULTS;
        RemoteShells shells = new RemoteShells(vertx, config, KnownHosts.inMemory());
        URI endpoint = URI.create("http://127.0.0.1:" + emulator.fleetPort() + "/wsman");
        List<RemoteShell> open = new ArrayList<>();
        try {
            long openStart = System.nanoTime();
            List<Future<RemoteShell>> opening = new ArrayList<>();
            for (int i = 0; i < hosts; i++) {
                Target target = new Target("fleet-" + i, "127.0.0.1", Transport.WINRM, endpoint.getPort(), false, "ntlm",
                        ".\\" + EmulatorServerMain.fleetUser(i), new Secret(EmulatorServerMain.fleetPassword(i)), null);
                opening.add(shells.openWinRm(target, endpoint).onSuccess(s -> {
                    synchronized (open) {
                        open.add(s);
                    }
                }));
            }
            Future.join(opening).otherwiseEmpty().await(); // failures are counted below
            double openSeconds = (System.nanoTime() - openStart) / 1e9;
            long openFailures = opening.stream().filter(Future::failed).count();
            String openError = opening.stream().filter(Future::failed).map(f -> f.cause().getMessage()).findFirst().orElse(null);
            return String.format("K=%-4d opened %d/%d in %.1f s; ", hosts, open.size(), hosts, openSeconds)
                    + load(List.copyOf(open), config) + (openFailures == 0 ? "" : "  open failures " + openFailures
                    + " (first: " + openError + ")");
        } finally {
            Future.join(open.stream().map(RemoteShell::close).toList()).otherwiseEmpty().await();
            shells.close();
        }
    }

    private String load(List<RemoteShell> open, RemoteConfig config) throws InterruptedException {
        Latencies latency = Latencies.empty();
        Latencies held = Latencies.empty();
        AtomicLong failures = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch loopsDone = new CountDownLatch(open.size());
        long clientCpu0 = clientCpuNanos();
        long emulatorCpu0 = emulator.cpuTime().toNanos();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        for (RemoteShell shell : open) {
            vertx.runOnContext(v -> loop(shell, end, latency, held, failures, firstError, loopsDone));
        }
        if (!loopsDone.await(seconds + 120L, TimeUnit.SECONDS)) {
            firstError.compareAndSet(null, "some loops did not finish within " + (seconds + 120) + " s");
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double clientCores = (clientCpuNanos() - clientCpu0) / 1e9 / wall;
        double emulatorCores = (emulator.cpuTime().toNanos() - emulatorCpu0) / 1e9 / wall;
        double meanHeldMs = held.micros().getMean() / 1000.0;
        double rate = latency.count() / wall;
        // Little's law: completions/s x mean time a worker holds a call = workers busy on average
        return String.format("%7.1f scripts/s  latency p50 %8.2f ms  p95 %8.2f ms  failures %d  pool winrmWorkers %d"
                        + " (busy %.1f, worker held p50 %.2f ms mean %.2f ms)  cpu: client %.2f + emulator %.2f of %d cores%s",
                rate, latency.medianMs(), latency.p95Ms(), failures.get(), config.winrmWorkers(),
                rate * meanHeldMs / 1000.0, held.medianMs(), meanHeldMs, clientCores, emulatorCores,
                Runtime.getRuntime().availableProcessors(),
                firstError.get() == null ? "" : "  first error: " + firstError.get());
    }

    private void loop(RemoteShell shell, long end, Latencies latency, Latencies held, AtomicLong failures,
                      AtomicReference<String> firstError, CountDownLatch done) {
        if (System.nanoTime() - end >= 0) {
            done.countDown();
            return;
        }
        long issued = System.nanoTime();
        shell.run(script).onComplete(ar -> {
            if (ar.succeeded() && ar.result().stdout().strip().equals("1")) {
                synchronized (latency) {
                    latency.recordNanos(System.nanoTime() - issued);
                    held.recordNanos(ar.result().duration().toNanos());
                }
            } else {
                // a failed session leaves the loop: a broken shell would otherwise fail at once, over and over
                failures.incrementAndGet();
                firstError.compareAndSet(null, ar.succeeded() ? "printed " + ar.result().stdout() : ar.cause().getMessage());
                done.countDown();
                return;
            }
            loop(shell, end, latency, held, failures, firstError, done);
        });
    }

    private static long clientCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
