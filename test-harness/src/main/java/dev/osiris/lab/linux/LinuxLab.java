package dev.osiris.lab.linux;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Real Linux hosts for the lab: each is a Debian OpenSSH sshd in its own network namespace
 * ({@code osiris-lx-<name>}, a veth pair {@code olx-<name>} to the root namespace, the host at its 198.18.x.y
 * address and the root side at {@link #ROOT_SIDE}, no default route), its own mount namespace (the machine's file
 * systems read-only, copy-on-write overlays over /etc, /var, /root, /home, /usr/local, /usr/lib/systemd and /opt,
 * private /run, /tmp and /dev), its own PID namespace (sshd is its init, so pidof and service checks see the host's
 * processes only) and its own hostname. Firewall rules and net.* sysctls set inside a host are the host's own. Requires root and iproute2/util-linux/openssh-server; otherwise
 * {@link #availability()} says why and {@link #start} fails with that reason.
 *
 * <p>Hosts are removed by {@link LinuxLabHost#stop()}, {@link #stop()}, at JVM exit, and leftovers of a crashed
 * earlier run (by name prefix) when the first host starts. All process work runs on the lab's worker pool.
 */
public final class LinuxLab {

    /** The root namespace's address on every host link. */
    public static final String ROOT_SIDE = "198.18.0.1";
    static final String NETNS_PREFIX = "osiris-lx-";
    static final String LINK_PREFIX = "olx-";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Powers no lab host may have, because no namespace confines them: the clock, the kernel log and audit rules,
     * modules, reboot, raw devices (device nodes would reach the machine's disks).
     */
    static final String DROPPED_CAPABILITIES =
            "-sys_time,-wake_alarm,-syslog,-audit_control,-audit_read,-sys_module,-sys_boot,-sys_rawio,-mknod";

    /** Hosts running in this JVM (by name), which {@link #cleanupLeftovers()} must not touch. */
    private static final java.util.Set<String> LIVE = ConcurrentHashMap.newKeySet();

    private final Path workDir;
    private final WorkerExecutor workers;
    private final Map<String, LinuxLabHost> hosts = new ConcurrentHashMap<>();
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final Thread shutdownHook = new Thread(this::stopAllBlocking, "osiris-lab-linux-cleanup");
    private volatile Availability availability;
    private volatile boolean cleanedLeftovers;
    private volatile boolean hookInstalled;

    /** Whether hosts can run here, and if not why. */
    public record Availability(boolean available, String reason) {
    }

    public LinuxLab(Vertx vertx, Path workDir) {
        this.workDir = workDir;
        this.workers = vertx.createSharedWorkerExecutor("osiris-lab-linux", 4, 2, TimeUnit.MINUTES);
    }

    /** {@link #availability()} on the lab's worker pool, for callers on an event loop. */
    public Future<Availability> checkAvailability() {
        return blocking(this::availability);
    }

    /** Checks (once) for root, ip netns, unshare/nsenter/setpriv, overlayfs and sshd. Blocking: call off event loops. */
    public Availability availability() {
        Availability a = availability;
        if (a == null) {
            a = probe();
            availability = a;
        }
        return a;
    }

    private static Availability probe() {
        if (!"root".equals(System.getProperty("user.name"))
                && !HostProcesses.run(Duration.ofSeconds(5), "id", "-u").stdout().strip().equals("0")) {
            return new Availability(false, "Linux lab hosts need root (network and mount namespaces)");
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/sshd"))) {
            return new Availability(false, "/usr/sbin/sshd missing: apt-get install -y openssh-server");
        }
        for (String tool : List.of("ip", "unshare", "nsenter", "setpriv", "ssh-keygen")) {
            if (HostProcesses.run(Duration.ofSeconds(5), "sh", "-c", "command -v " + tool).exitCode() != 0) {
                return new Availability(false, tool + " not found (iproute2, util-linux, openssh-client)");
            }
        }
        String probe = NETNS_PREFIX + "probe";
        ExecResult add = HostProcesses.run(Duration.ofSeconds(10), "ip", "netns", "add", probe);
        HostProcesses.run(Duration.ofSeconds(10), "ip", "netns", "del", probe);
        if (add.exitCode() != 0) {
            return new Availability(false, "ip netns add failed: " + add.stderr().strip());
        }
        ExecResult overlay = HostProcesses.run(Duration.ofSeconds(10), "sh", "-c", "grep -qw overlay /proc/filesystems || modprobe overlay");
        if (overlay.exitCode() != 0) {
            return new Availability(false, "overlayfs not available in this kernel");
        }
        return new Availability(true, "ok");
    }

    /** Starts a host that accepts the account with this password. */
    public Future<LinuxLabHost> start(String name, String address, String account, String password) {
        return start(LinuxHostSpec.withPassword(name, address, account, password));
    }

    /**
     * Starts a host and completes once its sshd listens. Fails with {@link IllegalStateException} carrying the
     * unavailability reason, a name or address already in use, or sshd's own output if it did not come up.
     */
    public Future<LinuxLabHost> start(LinuxHostSpec spec) {
        return blocking(() -> startBlocking(spec));
    }

    /** Stops every host of this lab. */
    public Future<Void> stop() {
        return blocking(() -> {
            stopAllBlocking();
            return null;
        });
    }

    Future<Void> stop(LinuxLabHost host) {
        return blocking(() -> {
            stopBlocking(host.name());
            return null;
        });
    }

    <T> Future<T> blocking(Callable<T> work) {
        return workers.executeBlocking(work, false);
    }

    /**
     * Starts a host whose init is real systemd ({@link SystemdHosts}: systemd-nspawn --boot of the cached Debian
     * root), with Debian's stock sshd and the spec's account; the hardened baseline is not applied. Fails with
     * {@link #systemdUnavailableReason()} where it cannot run.
     */
    public Future<LinuxLabHost> startSystemd(LinuxHostSpec spec) {
        return blocking(() -> {
            String reason = systemdUnavailableReason();
            if (reason != null) {
                throw new IllegalStateException("systemd lab host unavailable: " + reason);
            }
            if (spec.hardened()) {
                throw new IllegalArgumentException("lab host " + spec.name() + ": the hardened baseline is for hosts without systemd");
            }
            return startBlocking(spec, this::launchSystemd);
        });
    }

    /** Why systemd hosts cannot run here, or null. Blocking. */
    public String systemdUnavailableReason() {
        Availability a = availability();
        return a.available() ? SystemdHosts.unavailableReason() : a.reason();
    }

    private interface Launcher {
        LinuxLabHost launch(LinuxHostSpec spec) throws Exception;
    }

    private LinuxLabHost launchSystemd(LinuxHostSpec spec) throws Exception {
        Path dir = Files.createDirectories(workDir.resolve(spec.name()));
        Process nspawn = SystemdHosts.boot(spec, namespaceOf(spec.name()), dir.resolve("console.log"));
        processes.put(spec.name(), nspawn);
        long init = SystemdHosts.awaitBoot(nspawn, spec.name());
        ExecResult setup = HostProcesses.run(List.of("nsenter", "--target", Long.toString(init), "--all", "--",
                "/bin/sh", "-s"), SystemdHosts.setup(spec), START_TIMEOUT).requireSuccess("setup of systemd lab host " + spec.name());
        String hostKey = setup.stdout().lines().filter(l -> l.startsWith(HostSetup.HOST_KEY_MARKER))
                .map(l -> l.substring(HostSetup.HOST_KEY_MARKER.length()).strip()).findFirst()
                .orElseThrow(() -> new IllegalStateException("systemd lab host " + spec.name() + " announced no host key"));
        LinuxLabHost host = new LinuxLabHost(this, spec, init, hostKey);
        hosts.put(spec.name(), host);
        return host;
    }

    private LinuxLabHost startBlocking(LinuxHostSpec spec) throws Exception {
        return startBlocking(spec, this::launch);
    }

    private LinuxLabHost startBlocking(LinuxHostSpec spec, Launcher launcher) throws Exception {
        Availability a = availability();
        if (!a.available()) {
            throw new IllegalStateException("Linux lab unavailable: " + a.reason());
        }
        installCleanup();
        if (hosts.containsKey(spec.name())) {
            throw new IllegalStateException("lab host " + spec.name() + " is already running");
        }
        for (LinuxLabHost other : hosts.values()) {
            if (other.address().equals(spec.address())) {
                throw new IllegalStateException("address " + spec.address() + " is already used by lab host " + other.name());
            }
        }
        if (!LIVE.add(spec.name())) {
            throw new IllegalStateException("lab host " + spec.name() + " is already running in another lab of this JVM");
        }
        removeLeftover(spec.name());
        try {
            createNetwork(spec);
            return launcher.launch(spec);
        } catch (Exception | Error e) {
            stopBlocking(spec.name());
            throw e;
        }
    }

    private void createNetwork(LinuxHostSpec spec) {
        String ns = namespaceOf(spec.name());
        String link = LINK_PREFIX + spec.name();
        String peer = "olxp-" + spec.name();
        String in = "ip netns exec " + ns + " ";
        String script = String.join("\n",
                "set -e",
                "ip netns add " + ns,
                "ip link add " + link + " type veth peer name " + peer,
                "ip link set " + peer + " netns " + ns,
                in + "ip link set " + peer + " name eth0",
                in + "ip link set lo up",
                in + "ip addr add " + spec.address() + "/32 dev eth0",
                in + "ip link set eth0 up",
                in + "ip route add " + ROOT_SIDE + "/32 dev eth0",
                "ip addr add " + ROOT_SIDE + "/32 dev " + link,
                "ip link set " + link + " up",
                "ip route add " + spec.address() + "/32 dev " + link + " src " + ROOT_SIDE,
                "");
        HostProcesses.run(List.of("sh", "-s"), script, COMMAND_TIMEOUT).requireSuccess("network for lab host " + spec.name());
    }

    private LinuxLabHost launch(LinuxHostSpec spec) throws Exception {
        Path dir = Files.createDirectories(workDir.resolve(spec.name()));
        Path logFile = dir.resolve("sshd.log");
        Process process = new ProcessBuilder("ip", "netns", "exec", namespaceOf(spec.name()),
                "unshare", "--mount", "--uts", "--pid", "--fork", "--kill-child", "--mount-proc", "--propagation", "private",
                "setpriv", "--bounding-set", DROPPED_CAPABILITIES, "/bin/sh", "-s")
                .redirectErrorStream(true).start();
        processes.put(spec.name(), process);
        process.getOutputStream().write(HostSetup.script(spec).getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        CompletableFuture<String> hostKey = new CompletableFuture<>();
        CompletableFuture<Void> listening = new CompletableFuture<>();
        StringBuffer output = new StringBuffer();
        // a platform thread: this read blocks for the host's whole life, and a virtual thread parked in a pipe read
        // holds its carrier (the JDK compensates only up to jdk.virtualThreadScheduler.maxPoolSize); two hosts on a
        // 2-core machine held every carrier and starved the emulators' command threads
        Thread.ofPlatform().daemon().name("osiris-lab-" + spec.name() + "-log").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile), true)) {
                for (String line; (line = r.readLine()) != null; ) {
                    log.println(line);
                    output.append(line).append('\n');
                    if (line.startsWith(HostSetup.HOST_KEY_MARKER)) {
                        hostKey.complete(line.substring(HostSetup.HOST_KEY_MARKER.length()).strip());
                    } else if (line.startsWith(HostSetup.LISTENING)) {
                        listening.complete(null);
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
            listening.completeExceptionally(new IllegalStateException("sshd exited"));
        });
        try {
            listening.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("lab host " + spec.name() + " did not start: " + output, e);
        }
        LinuxLabHost host = new LinuxLabHost(this, spec, initPid(process), hostKey.getNow(null));
        hosts.put(spec.name(), host);
        return host;
    }

    /** The host's PID namespace init (sshd), the one child of the {@code unshare --fork} process. */
    private static long initPid(Process unshare) throws IOException {
        Path children = Path.of("/proc", Long.toString(unshare.pid()), "task", Long.toString(unshare.pid()), "children");
        String text = Files.readString(children).strip();
        if (text.isEmpty() || text.contains(" ")) {
            throw new IllegalStateException("expected one init process under unshare " + unshare.pid() + ", found [" + text + "]");
        }
        return Long.parseLong(text);
    }

    private synchronized void installCleanup() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            hookInstalled = true;
        }
        if (!cleanedLeftovers) {
            cleanupLeftovers();
            cleanedLeftovers = true;
        }
    }

    private void stopAllBlocking() {
        for (String name : List.copyOf(hosts.keySet())) {
            stopBlocking(name);
        }
        for (String name : List.copyOf(processes.keySet())) {
            stopBlocking(name);
        }
    }

    private void stopBlocking(String name) {
        LinuxLabHost host = hosts.remove(name);
        Process process = processes.remove(name);
        if (host != null && process != null) {
            // killing the PID namespace's init kills every process of the host; unshare then reaps it and exits
            ProcessHandle.of(host.sshdPid()).ifPresent(ProcessHandle::destroyForcibly);
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        removeLeftover(name);
        if (process != null) {
            process.destroyForcibly();
        }
        LIVE.remove(name);
    }

    /** Kills whatever runs in a host's namespace and removes the namespace and its link (mounts die with it). */
    private static void removeLeftover(String name) {
        String ns = namespaceOf(name);
        HostProcesses.run(List.of("sh", "-c",
                "ip netns pids " + ns + " 2>/dev/null | xargs -r kill -KILL; "
                        + "ip netns del " + ns + " 2>/dev/null; ip link del " + LINK_PREFIX + name + " 2>/dev/null; true"),
                null, COMMAND_TIMEOUT);
    }

    /**
     * Removes every namespace and link with the lab's prefixes that no lab of this JVM owns (the leftovers of a
     * crashed earlier run). Blocking.
     */
    public static void cleanupLeftovers() {
        java.util.Set<String> inUse = new java.util.HashSet<>(LIVE);
        ExecResult netns = HostProcesses.run(Duration.ofSeconds(10), "ip", "netns", "list");
        for (String line : netns.stdout().split("\n")) {
            String ns = line.strip().split(" ")[0];
            if (ns.startsWith(NETNS_PREFIX) && !LIVE.contains(ns.substring(NETNS_PREFIX.length()))) {
                // a host of another running lab process (its sshd still lives in the namespace) is not a leftover
                if (!HostProcesses.run(Duration.ofSeconds(10), "ip", "netns", "pids", ns).stdout().isBlank()) {
                    inUse.add(ns.substring(NETNS_PREFIX.length()));
                    continue;
                }
                removeLeftover(ns.substring(NETNS_PREFIX.length()));
            }
        }
        ExecResult links = HostProcesses.run(Duration.ofSeconds(10), "ip", "-o", "link", "show");
        for (String line : links.stdout().split("\n")) {
            String[] parts = line.split(": ");
            String link = parts.length > 1 ? parts[1].split("@")[0] : "";
            if (link.startsWith(LINK_PREFIX) && !inUse.contains(link.substring(LINK_PREFIX.length()))) {
                HostProcesses.run(Duration.ofSeconds(10), "ip", "link", "del", link);
            }
        }
    }

    static String namespaceOf(String name) {
        return NETNS_PREFIX + name;
    }

    /** Stops every host and the worker pool (blocking; not from an event loop). */
    public void close() {
        stopAllBlocking();
        if (hookInstalled) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
        workers.close();
    }
}
