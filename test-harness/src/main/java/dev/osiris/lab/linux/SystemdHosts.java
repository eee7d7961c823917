package dev.osiris.lab.linux;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Lab hosts with real systemd as init: {@code systemd-nspawn --boot} of a Debian root made once with debootstrap and
 * cached ({@link #root()}), booted with {@code --volatile=overlay} (every change lands on a tmpfs and is gone when the
 * host stops, the cached root is never written) inside the host's own network namespace. systemd starts sshd, cron
 * and journald from their units, so the runbooks' systemctl paths (enable, disable, daemon-reload, timers) run for
 * real. Blocking: called on the lab's worker pool.
 */
final class SystemdHosts {

    /** Packages the cached root needs beyond debootstrap's minbase. */
    static final String INCLUDE = "systemd,systemd-sysv,libpam-systemd,dbus,openssh-server,iproute2,sudo,cron,at,nftables";
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);

    private SystemdHosts() {
    }

    /** The cached Debian root: {@code osiris.lab.systemdRoot}, else /var/cache/osiris-lab/bookworm. */
    static Path root() {
        return Path.of(System.getProperty("osiris.lab.systemdRoot", "/var/cache/osiris-lab/bookworm"));
    }

    /** Why systemd hosts cannot run here, or null. */
    static String unavailableReason() {
        if (HostProcesses.run(Duration.ofSeconds(5), "sh", "-c", "command -v systemd-nspawn").exitCode() != 0) {
            return "systemd-nspawn not found: apt-get install -y systemd-container";
        }
        Path root = root();
        // at: the persistence runbook's at jobs are attacked there too
        if (!Files.isExecutable(root.resolve("usr/lib/systemd/systemd")) || !Files.isExecutable(root.resolve("usr/sbin/sshd"))
                || !Files.isExecutable(root.resolve("usr/bin/at"))) {
            return "no cached Debian root with systemd, sshd and at at " + root + ": debootstrap --variant=minbase --include="
                    + INCLUDE + " bookworm " + root + " <the Debian mirror in this machine's apt sources>";
        }
        return null;
    }

    /** Boots the host in its (already created) network namespace; output goes to {@code log}. */
    static Process boot(LinuxHostSpec spec, String namespace, Path log) throws IOException {
        Process nspawn = new ProcessBuilder("systemd-nspawn", "--quiet", "--directory=" + root(), "--volatile=overlay",
                "--network-namespace-path=/run/netns/" + namespace, "--register=no", "--keep-unit",
                "--machine=" + spec.name(), "--boot", "--console=pipe")
                .redirectErrorStream(true).start();
        nspawn.getOutputStream().close();
        // a platform thread: the read blocks for the host's whole life (see LinuxLab.launch)
        Thread.ofPlatform().daemon().name("osiris-lab-" + spec.name() + "-console").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(nspawn.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter w = new PrintWriter(Files.newBufferedWriter(log), true)) {
                for (String line; (line = r.readLine()) != null; ) {
                    w.println(line);
                }
            } catch (IOException ignored) {
                // nspawn ended
            }
        });
        return nspawn;
    }

    /**
     * The container's init (systemd), once booted: waits for nspawn's child to appear and for
     * {@code systemctl is-system-running --wait} to report running or degraded.
     */
    static long awaitBoot(Process nspawn, String name) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        Path children = Path.of("/proc", Long.toString(nspawn.pid()), "task", Long.toString(nspawn.pid()), "children");
        long pid = -1;
        // nspawn's child is first its own helper, then the container's systemd (PID 1 inside)
        while (pid < 0) {
            if (!nspawn.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("systemd host " + name + " did not start (nspawn "
                        + (nspawn.isAlive() ? "still running" : "exit " + nspawn.exitValue()) + ")");
            }
            try {
                String init = Files.readString(children).strip();
                if (!init.isEmpty() && !init.contains(" ")
                        && Files.readString(Path.of("/proc", init, "comm")).strip().equals("systemd")) {
                    pid = Long.parseLong(init);
                }
            } catch (IOException gone) {
                // the helper exited between the two reads: look again
            }
            if (pid < 0) {
                nspawn.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
        ExecResult state;
        do {
            // systemd's own bus comes up a moment after its process: until then systemctl cannot connect
            state = HostProcesses.run(List.of("nsenter", "--target", Long.toString(pid), "--all", "--",
                    "systemctl", "is-system-running", "--wait"), null, BOOT_TIMEOUT);
        } while ((state.stderr().contains("Failed to connect to bus") || state.stdout().strip().equals("offline"))
                && nspawn.isAlive() && System.nanoTime() < deadline
                && !nspawn.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS));
        String s = state.stdout().strip();
        if (!s.equals("running") && !s.equals("degraded")) {
            throw new IllegalStateException("systemd host " + name + " did not boot: " + s + " " + state.stderr().strip());
        }
        return pid;
    }

    /**
     * The account, Debian's stock sshd_config, a fresh host key (announced as in {@link HostSetup}) and sshd
     * restarted by systemd; run as root inside the booted host.
     */
    static String setup(LinuxHostSpec spec) {
        StringBuilder s = new StringBuilder("set -e\n");
        // debootstrap copied the machine's /etc/hostname into the root; the host has its own name (own UTS namespace)
        s.append("echo ").append(spec.name()).append(" > /etc/hostname; hostname ").append(spec.name()).append('\n');
        s.append("rm -f /etc/ssh/ssh_host_*\n");
        s.append("ssh-keygen -q -t ed25519 -N '' -C ").append(spec.name()).append(" -f /etc/ssh/ssh_host_ed25519_key\n");
        s.append("echo \"").append(HostSetup.HOST_KEY_MARKER)
                .append("$(ssh-keygen -l -E sha256 -f /etc/ssh/ssh_host_ed25519_key.pub | cut -d' ' -f2)\"\n");
        s.append(HostSetup.sshdConfig(spec));
        s.append(HostSetup.accountScript(spec));
        s.append("systemctl restart ssh\n");
        s.append("until [ -n \"$(ss -Hltn 'sport = :22')\" ]; do sleep 0.1; done\n");
        return s.toString();
    }
}
