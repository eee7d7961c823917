package dev.osiris.lab.bench.remote;

import dev.osiris.agent.remote.KnownHosts;
import dev.osiris.agent.remote.RemoteConfig;
import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.agent.remote.Script;
import dev.osiris.lab.WorkDirs;
import dev.osiris.lab.windows.model.WindowsHost;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import io.vertx.core.Vertx;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./osiris bench remote}: round trips of one small script over WinRM (NTLM/HTTP, Basic/HTTPS) and SSH, new
 * session per call vs reused, the same against pywinrm, and how many concurrent host sessions one
 * {@link RemoteShells} sustains with its default pools. Prints and writes {@code remote-results.txt}.
 */
public final class RemoteBench {

    static final Script WINRM_SCRIPT = Script.of("bench-echo", "Write-Output 1", Duration.ofSeconds(60));
    static final Script SSH_SCRIPT = Script.of("bench-echo", "echo 1", Duration.ofSeconds(60));
    // byte for byte what the agent sends for WINRM_SCRIPT (WinRmCommandLines), so pywinrm runs the same command
    private static final String PRELUDE =
            "$ProgressPreference='SilentlyContinue'\r\n[Console]::OutputEncoding=[System.Text.Encoding]::UTF8\r\n";

    private final Path dir;
    private final PrintStream out;
    private final int iterations;
    private final int warmup;
    private final int[] levels;
    private final int seconds;
    private final String python;
    private final int soakShells;
    private final int soakCommands;
    private final List<String> lines = new ArrayList<>();

    public RemoteBench(Path dir, PrintStream out, int iterations, int warmup, int[] levels, int seconds, String python,
                       int soakShells, int soakCommands) {
        this.dir = dir;
        this.out = out;
        this.iterations = iterations;
        this.warmup = warmup;
        this.levels = levels;
        this.seconds = seconds;
        this.python = python;
        this.soakShells = soakShells;
        this.soakCommands = soakCommands;
    }

    /** Runs everything; returns the results file. */
    public Path run() throws Exception {
        requireWinRm4j();
        WorkDirs.fresh(dir);
        print("osiris bench remote, " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores (shared by every process below), java " + Runtime.version());
        print("client: this JVM (agent's RemoteShells, RemoteConfig.DEFAULTS: winrmWorkers "
                + RemoteConfig.DEFAULTS.winrmWorkers() + ", sshWorkers " + RemoteConfig.DEFAULTS.sshWorkers()
                + "); emulated Windows hosts: a separate JVM (" + EmulatorJvm.JVM_OPTIONS + ") on 127.0.0.1; pywinrm: "
                + python + " processes; SSH: OpenSSH sshd in a lab network namespace");
        print("script: WinRM \"" + WINRM_SCRIPT.body() + "\" (PowerShell, -EncodedCommand), SSH \"" + SSH_SCRIPT.body()
                + "\"; N=" + iterations + " timed calls per mode after " + warmup + " untimed warm-up calls");
        int maxHosts = Math.max(soakShells, Arrays.stream(levels).max().orElse(1));
        Path results = dir.resolveSibling("remote-results.txt");
        Vertx vertx = Vertx.vertx();
        try (EmulatorJvm emulator = EmulatorJvm.start(dir, maxHosts)) {
            RemoteShells shells = new RemoteShells(vertx, RemoteConfig.DEFAULTS, KnownHosts.inMemory());
            try {
                int roundTripFailures = roundTrips(shells, emulator, vertx);
                soak(shells, emulator, roundTripFailures);
            } finally {
                shells.close();
            }
            print("== concurrent host sessions (WinRM NTLM/HTTP; K accounts of one emulated host, each its own"
                    + " connection + shell; closed loop, one run in flight per shell, " + seconds + " s per K) ==");
            ConcurrentSessions sessions = new ConcurrentSessions(vertx, emulator, WINRM_SCRIPT, seconds);
            for (int k : levels) {
                print("  " + sessions.measure(k));
            }
        } finally {
            vertx.close().await();
            // whatever was measured, also when a later part failed
            Files.write(results, lines);
            out.println("results written to " + results);
        }
        return results;
    }

    /** NTLM/HTTP under a scan's load, Java and pywinrm against the same emulated host, no retries anywhere. */
    private void soak(RemoteShells shells, EmulatorJvm emulator, int roundTripFailures) throws Exception {
        print("== NTLM over HTTP (sealed) under load: " + soakCommands + " commands from " + soakShells
                + " concurrent reused shells (one account, connection and NTLM context each), no retries ==");
        NtlmSoak.Result java = new NtlmSoak(shells, WINRM_SCRIPT).run(emulator.fleetPort(), soakShells, soakCommands);
        print("  java    : " + java.summary(soakShells));
        PyWinRmRoundTrips py = new PyWinRmRoundTrips(dir, python);
        String unavailable = py.unavailableReason();
        long pyFailures = 0;
        if (unavailable != null) {
            print("  pywinrm : unavailable: " + unavailable);
        } else {
            List<String[]> accounts = new ArrayList<>();
            for (int i = 0; i < soakShells; i++) {
                accounts.add(new String[] {EmulatorServerMain.fleetUser(i), EmulatorServerMain.fleetPassword(i)});
            }
            NtlmSoak.Result pywinrm = py.soak("http://127.0.0.1:" + emulator.fleetPort() + "/wsman", accounts,
                    pywinrmCommand(), soakCommands);
            pyFailures = pywinrm.failures();
            print("  pywinrm : " + pywinrm.summary(soakShells));
        }
        print("  NTLM/HTTP failure count (aim 0): java " + (java.failures() + roundTripFailures)
                + " (soak " + java.failures() + " + round trips " + roundTripFailures + "), pywinrm " + pyFailures
                + "; emulator wire log: " + emulator.wireLog());
    }

    static String pywinrmCommand() {
        return "powershell -NoProfile -NonInteractive -EncodedCommand " + Base64.getEncoder()
                .encodeToString((PRELUDE + WINRM_SCRIPT.body()).getBytes(StandardCharsets.UTF_16LE));
    }

    /** Returns how many Java NTLM/HTTP round trips failed. */
    private int roundTrips(RemoteShells shells, EmulatorJvm emulator, Vertx vertx) throws Exception {
        JavaRoundTrips trips = new JavaRoundTrips(WINRM_SCRIPT, warmup, iterations);
        PyWinRmRoundTrips py = new PyWinRmRoundTrips(dir, python);
        String pyUnavailable = py.unavailableReason();
        String password = WindowsHost.LOCAL_ACCOUNT.password();
        String command = pywinrmCommand();

        print("== WinRM NTLM over HTTP (sealed), account .\\osiris ==");
        Target ntlm = new Target("bench-ntlm", "127.0.0.1", Transport.WINRM, emulator.httpPort(), false, "ntlm",
                ".\\osiris", new Secret(password), null);
        JavaRoundTrips.Result javaNtlm = trips.measure(
                () -> shells.openWinRm(ntlm, URI.create("http://127.0.0.1:" + emulator.httpPort() + "/wsman")));
        compare(javaNtlm, pyUnavailable, () -> py.measure(
                "http://127.0.0.1:" + emulator.httpPort() + "/wsman", "ntlm", ".\\osiris", password, null, command,
                warmup, iterations));

        print("== WinRM Basic over HTTPS (TLS, certificate pinned), account osiris ==");
        Target basic = new Target("bench-basic", "127.0.0.1", Transport.WINRM, emulator.httpsPort(), true, "basic",
                "osiris", new Secret(password), emulator.certificateSha256());
        JavaRoundTrips.Result javaBasic = trips.measure(
                () -> shells.openWinRm(basic, URI.create("https://127.0.0.1:" + emulator.httpsPort() + "/wsman")));
        compare(javaBasic, pyUnavailable, () -> py.measure(
                "https://127.0.0.1:" + emulator.httpsPort() + "/wsman", "ssl", "osiris", password, emulator.caFile(),
                command, warmup, iterations));

        print("== SSH, password login, to a Linux lab host at " + SshRoundTrips.ADDRESS + " ==");
        SshRoundTrips.Outcome ssh = new SshRoundTrips(vertx, dir.resolve("linux"))
                .measure(shells, new JavaRoundTrips(SSH_SCRIPT, warmup, iterations));
        if (ssh.result() == null) {
            print("  ssh: unavailable: " + ssh.unavailable());
        } else {
            print("  java ssh new connection per call : " + ssh.result().fresh().summary());
            print("  java ssh reused connection       : " + ssh.result().reused().summary());
            if (ssh.result().failures() > 0) {
                print("  java ssh failures: " + ssh.result().failures() + "; first: " + ssh.result().firstFailure());
            }
        }
        return javaNtlm.failures();
    }

    private void compare(JavaRoundTrips.Result java, String pyUnavailable, Callable<PyWinRmRoundTrips.Result> pywinrm) {
        print("  java    new shell per call : " + java.fresh().summary());
        print("  java    reused shell       : " + java.reused().summary());
        if (java.anomaly() != null) {
            print("  note: the script printed 1 but exited non-zero on this host (" + java.anomaly() + ")");
        }
        if (java.failures() > 0) {
            print("  java failures: " + java.failures() + " call(s) failed and were not timed; first: " + java.firstFailure());
        }
        if (pyUnavailable != null) {
            print("  pywinrm: unavailable: " + pyUnavailable);
            return;
        }
        PyWinRmRoundTrips.Result py;
        try {
            py = pywinrm.call();
        } catch (Exception e) {
            print("  pywinrm: failed: " + e.getMessage());
            return;
        }
        print("  pywinrm new shell per call : " + py.fresh().summary());
        print("  pywinrm reused shell       : " + py.reused().summary());
        print(String.format("  ratio java/pywinrm (median): new %.2f  reused %.2f",
                java.fresh().medianMs() / py.fresh().medianMs(), java.reused().medianMs() / py.reused().medianMs()));
    }

    private static void requireWinRm4j() {
        try {
            Class.forName("io.cloudsoft.winrm4j.client.WinRmClient");
        } catch (ClassNotFoundException e) {
            // test-harness/pom.xml declares winrm4j test-scoped, which keeps it out of osiris-lab.jar
            throw new IllegalStateException("winrm4j is not on the class path: osiris-lab.jar leaves it out while"
                    + " test-harness/pom.xml has it in test scope (and the shaded jars also need CXF's"
                    + " META-INF/cxf/bus-extensions.txt appended); until then run with Maven's class path:"
                    + " mvn -pl test-harness dependency:build-classpath -Dmdep.includeScope=test");
        }
    }

    private void print(String line) {
        lines.add(line);
        out.println(line);
    }
}
