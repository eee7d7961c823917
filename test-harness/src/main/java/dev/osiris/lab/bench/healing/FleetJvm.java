package dev.osiris.lab.bench.healing;

import dev.osiris.lab.proc.JavaProcess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The fleet JVM ({@link FleetServerMain}) as seen from the bench: its hosts, their request counters, CPU and RSS. */
final class FleetJvm implements AutoCloseable {

    static final String JVM_OPTIONS = "-Xmx1g";
    private static final String EXITED = "\u0000exited";

    /** One emulated host: where it listens and which preset it is. */
    record Host(int index, String address, int port) {
        String preset() {
            return FleetServerMain.role(index).name().toLowerCase().replace('_', ' ');
        }
    }

    private final Process process;
    private final BlockingQueue<String> lines;
    private final List<String> other;
    private final List<Host> hosts;
    private final Writer commands;

    private FleetJvm(Process process, BlockingQueue<String> lines, List<String> other, List<Host> hosts) {
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.lines = lines;
        this.other = other;
        this.hosts = hosts;
    }

    static FleetJvm start(int count) throws Exception {
        Process p = JavaProcess.start(List.of(JVM_OPTIONS), FleetServerMain.class.getName(), List.of(String.valueOf(count)));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> other = Collections.synchronizedList(new ArrayList<>());
        // a platform thread: a pipe read holds a virtual thread's carrier until the child exits
        Thread.ofPlatform().daemon().name("bench-fleet-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith(FleetServerMain.READY) || line.startsWith(FleetServerMain.REQUESTS)) {
                        lines.add(line);
                    } else if (other.size() < 200) {
                        other.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            lines.add(EXITED);
        });
        try {
            String ready = next(lines, other, FleetServerMain.READY, Duration.ofMinutes(5));
            List<Host> hosts = new ArrayList<>();
            String[] parts = ready.substring(FleetServerMain.READY.length()).trim().split(" ");
            for (int i = 0; i < parts.length; i++) {
                int colon = parts[i].lastIndexOf(':');
                hosts.add(new Host(i, parts[i].substring(0, colon), Integer.parseInt(parts[i].substring(colon + 1))));
            }
            return new FleetJvm(p, lines, other, List.copyOf(hosts));
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    List<Host> hosts() {
        return hosts;
    }

    /** WS-Management requests each host has received so far, in host order. */
    synchronized long[] requests() throws Exception {
        commands.write(FleetServerMain.ASK_REQUESTS + "\n");
        commands.flush();
        String line = next(lines, other, FleetServerMain.REQUESTS, Duration.ofSeconds(30));
        return Arrays.stream(line.substring(FleetServerMain.REQUESTS.length()).trim().split(" "))
                .mapToLong(Long::parseLong).toArray();
    }

    private static String next(BlockingQueue<String> lines, List<String> other, String prefix, Duration timeout)
            throws Exception {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null || !line.startsWith(prefix)) {
            throw new IllegalStateException("fleet JVM: no " + prefix + " line (" + (line == null ? "timed out" : "exited")
                    + "): " + String.join("\n", other));
        }
        return line;
    }

    /** The fleet JVM's log warnings so far (e.g. the emulator's 400 diagnoses), at most the first 200 lines of its log. */
    List<String> warnings() {
        synchronized (other) {
            return other.stream().filter(l -> l.startsWith("WARNING:") || l.startsWith("SEVERE:")).toList();
        }
    }

    /** CPU time the fleet JVM has used so far (user + system), or zero where the OS does not say. */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Resident set size in bytes, or -1 where /proc does not say. */
    long rssBytes() {
        return Rss.of(Path.of("/proc/" + process.pid() + "/status"));
    }

    @Override
    public void close() throws Exception {
        commands.close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** VmRSS from a {@code /proc/<pid>/status} file. */
    static final class Rss {
        private Rss() {
        }

        static long of(Path status) {
            try {
                for (String l : Files.readAllLines(status)) {
                    if (l.startsWith("VmRSS:")) {
                        return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                return -1;
            }
            return -1;
        }
    }
}
