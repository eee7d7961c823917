package dev.osiris.lab.bench.remote;

import dev.osiris.lab.proc.JavaProcess;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The emulator JVM ({@link EmulatorServerMain}) as seen from the bench: its ports, pin, CA file and CPU time. */
final class EmulatorJvm implements AutoCloseable {

    static final String JVM_OPTIONS = "-Xmx1g";

    private final Process process;
    private final Map<String, String> ready;
    private final Path caFile;

    private EmulatorJvm(Process process, Map<String, String> ready, Path caFile) {
        this.process = process;
        this.ready = ready;
        this.caFile = caFile;
    }

    static EmulatorJvm start(Path dir, int fleetAccounts) throws Exception {
        Process p = JavaProcess.start(List.of(JVM_OPTIONS), EmulatorServerMain.class.getName(),
                List.of(dir.toString(), String.valueOf(fleetAccounts)));
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture<String> readyLine = new CompletableFuture<>();
        Path log = dir.resolve("emulator.log");
        // a platform thread: a pipe read holds a virtual thread's carrier until the child exits
        Thread.ofPlatform().daemon().name("bench-emulator-output").start(() -> {
            // all of the emulator's output is kept in emulator.log (its wire log is emulator-wire.log)
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) {
                    w.write(line);
                    w.newLine();
                    w.flush();
                    if (line.startsWith(EmulatorServerMain.READY)) {
                        readyLine.complete(line);
                    } else if (output.size() < 200) {
                        output.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            readyLine.completeExceptionally(new IllegalStateException("emulator JVM exited: " + String.join("\n", output)));
        });
        try {
            String line = readyLine.get(120, TimeUnit.SECONDS);
            Map<String, String> fields = new HashMap<>();
            for (String part : line.substring(EmulatorServerMain.READY.length()).trim().split(" ")) {
                String[] kv = part.split("=", 2);
                fields.put(kv[0], kv[1]);
            }
            return new EmulatorJvm(p, fields, dir.resolve("emulator-ca.pem"));
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    int httpPort() {
        return Integer.parseInt(ready.get("http"));
    }

    int httpsPort() {
        return Integer.parseInt(ready.get("https"));
    }

    int fleetPort() {
        return Integer.parseInt(ready.get("fleet"));
    }

    String certificateSha256() {
        return ready.get("sha256");
    }

    /** The emulator's wire log: every NTLM leg and sealed message, per TCP connection. */
    Path wireLog() {
        return caFile.resolveSibling("emulator-wire.log");
    }

    Path caFile() {
        return caFile;
    }

    long pid() {
        return process.pid();
    }

    /** CPU time the emulator JVM has used so far (user + system), or zero where the OS does not say. */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
