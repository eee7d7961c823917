package dev.osiris.lab.hosts;

import dev.osiris.lab.linux.AgentKeyPair;
import dev.osiris.lab.linux.LinuxHostSpec;
import dev.osiris.lab.linux.LinuxLab;
import dev.osiris.lab.linux.LinuxLabHost;
import dev.osiris.lab.relay.OperatorClient;
import dev.osiris.lab.windows.WinRmEmulator;
import dev.osiris.lab.windows.WinRmEmulatorConfig;
import dev.osiris.lab.windows.model.Account;
import dev.osiris.lab.windows.model.DisplayLanguage;
import dev.osiris.lab.windows.model.HostRole;
import dev.osiris.lab.windows.model.WindowsHost;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lab hosts of a {@link LabSpec}, running: Windows emulators each bound to its own loopback address (127.0.0.11, .12, ...) and Linux hosts in their
 * 198.18.0.0/15 namespaces (skipped, with the reason, where {@link LinuxLab} is unavailable). Hosts reach the
 * appliance only as credentials registered with a relay site through the operator API ({@link #registerWith}).
 * Start and close from a plain thread or compose the futures; {@link #close()} stops everything.
 */
public final class Lab implements AutoCloseable {

    private final LinuxLab linuxLab;
    private final Map<String, LabHost> hosts = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, WinRmEmulator> emulators = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, WindowsHost> windowsModels = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, LinuxLabHost> linuxHosts = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> skipped = Collections.synchronizedList(new ArrayList<>());
    private final List<String> order = new ArrayList<>();

    private final Vertx vertx;
    private final Path workDir;

    private Lab(Vertx vertx, Path workDir, LinuxLab linuxLab, LabSpec spec) {
        this.vertx = vertx;
        this.workDir = workDir;
        this.linuxLab = linuxLab;
        spec.windows().forEach(w -> order.add(w.name()));
        spec.linux().forEach(l -> order.add(l.name()));
    }

    /**
     * Starts every host of the spec. Fails if an emulator cannot bind or an available Linux lab cannot start a
     * host (everything started so far is stopped again); an unavailable Linux lab only skips its hosts.
     */
    public static Future<Lab> start(Vertx vertx, Path workDir, LabSpec spec) {
        return start(vertx, workDir, spec, (name, config) -> { });
    }

    /** Like {@link #start(Vertx, Path, LabSpec)}, with a hook to tune each emulator (by host name) before it starts. */
    public static Future<Lab> start(Vertx vertx, Path workDir, LabSpec spec,
                                    java.util.function.BiConsumer<String, WinRmEmulatorConfig.Builder> tuning) {
        Lab lab = new Lab(vertx, workDir, new LinuxLab(vertx, workDir.resolve("linux")), spec);
        List<Future<?>> starting = new ArrayList<>();
        for (LabSpec.Windows w : spec.windows()) {
            starting.add(lab.startWindows(vertx, w, tuning));
        }
        lab.joinDomain();
        Future<?> linux = spec.linux().isEmpty() ? Future.succeededFuture()
                : lab.linuxLab.checkAvailability().compose(a -> {
                    if (!a.available()) {
                        spec.linux().forEach(l -> lab.skipped.add(l.name() + ": " + a.reason()));
                        return Future.succeededFuture();
                    }
                    return Future.all(spec.linux().stream().map(lab::startLinux).toList());
                });
        starting.add(linux);
        return Future.join(starting).map(lab)
                .recover(e -> vertx.executeBlocking(() -> {
                    lab.close();
                    return null;
                }).transform(ar -> Future.<Lab>failedFuture(e)));
    }

    private Future<Void> startWindows(Vertx vertx, LabSpec.Windows w,
                                      java.util.function.BiConsumer<String, WinRmEmulatorConfig.Builder> tuning) {
        HostRole role = switch (w.role()) {
            case "domain-controller" -> HostRole.DOMAIN_CONTROLLER;
            case "server-core" -> HostRole.SERVER_CORE;
            default -> HostRole.WORKSTATION;
        };
        WindowsHost host = WindowsHost.preset(w.name(), role, DisplayLanguage.of(w.language()), java.time.Clock.systemUTC());
        if (w.clockOffsetSeconds() != 0) {
            host.time().setOffsetSeconds(w.clockOffsetSeconds());
        }
        windowsModels.put(w.name(), host);
        Account account = w.account().equals("domain") ? WindowsHost.DOMAIN_ACCOUNT : WindowsHost.LOCAL_ACCOUNT;
        // each emulated host on its own loopback address, as hosts of a site have their own addresses
        String address = "127.0.0." + (11 + order.indexOf(w.name()));
        WinRmEmulatorConfig.Builder config = WinRmEmulatorConfig.builder(host).bindHost(address)
                .allowBasic(w.auth().equals("basic"));
        if (w.tls()) {
            config.httpPort(-1).httpsPort(0);
        } else {
            // NTLM over http: the agent seals the payload (winrm4j's default), as Windows requires on 5985
            config.httpPort(0).httpsPort(-1);
        }
        tuning.accept(w.name(), config);
        return WinRmEmulator.start(vertx, config.build()).map(emulator -> {
            emulators.put(w.name(), emulator);
            int port = w.tls() ? emulator.httpsPort() : emulator.httpPort();
            String login = account.isLocal() ? ".\\" + account.user() : account.qualifiedName(w.name());
            hosts.put(w.name(), new LabHost(w.name(), address, port, "winrm", w.tls(), w.auth(), login,
                    account.password(), w.tls() ? emulator.certificateSha256() : null));
            return null;
        });
    }

    private Future<Void> startLinux(LabSpec.Linux l) {
        if (l.hardened()) {
            return vertx.executeBlocking(this::agentKey).compose(key -> linuxLab.start(
                    LinuxHostSpec.hardened(l.name(), l.address(), l.account(), key.publicKey())).map(h -> {
                linuxHosts.put(l.name(), h);
                hosts.put(l.name(), new LabHost(l.name(), h.address(), h.port(), "ssh", true, "key", h.account(),
                        key.privateKey(), h.hostKeySha256()));
                return null;
            }));
        }
        return linuxLab.start(LinuxHostSpec.withPassword(l.name(), l.address(), l.account(), l.password())).map(h -> {
            linuxHosts.put(l.name(), h);
            hosts.put(l.name(), new LabHost(l.name(), h.address(), h.port(), "ssh", true, "password", h.account(),
                    l.password(), h.hostKeySha256()));
            return null;
        });
    }

    private AgentKeyPair agentKey;

    /** The lab's SSH key pair for the agent's account on hardened hosts (made once per lab, like a site's). */
    private synchronized AgentKeyPair agentKey() throws Exception {
        if (agentKey == null) {
            agentKey = AgentKeyPair.generate(workDir.resolve("agent-key"));
        }
        return agentKey;
    }

    /** Registers every host and its credential with the site; the future holds the credential id per host name. */
    public Future<Map<String, String>> registerWith(OperatorClient operator, String siteId) {
        Map<String, String> ids = Collections.synchronizedMap(new LinkedHashMap<>());
        List<Future<?>> adds = new ArrayList<>();
        for (LabHost h : hosts()) {
            adds.add(operator.addCredential(siteId, h.credential()).map(id -> ids.put(h.name(), id)));
        }
        return Future.all(adds).map(all -> {
            Map<String, String> ordered = new LinkedHashMap<>();
            hosts().forEach(h -> ordered.put(h.name(), ids.get(h.name())));
            return ordered;
        });
    }

    /** The running hosts, Windows first, in spec order. */
    public List<LabHost> hosts() {
        synchronized (hosts) {
            List<LabHost> all = new ArrayList<>(hosts.values());
            all.sort(java.util.Comparator.comparingInt(h -> order.indexOf(h.name())));
            return all;
        }
    }

    public LabHost host(String name) {
        LabHost h = hosts.get(name);
        if (h == null) {
            throw new IllegalArgumentException("no lab host " + name + " (running: " + hosts.keySet() + ")");
        }
        return h;
    }

    /** The emulator behind a Windows host, to inspect or stop it. */
    public WinRmEmulator emulator(String name) {
        WinRmEmulator e = emulators.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no Windows lab host " + name);
        }
        return e;
    }

    /** Hosts of the spec that did not start, each with the reason. */
    public List<String> skipped() {
        return List.copyOf(skipped);
    }

    /** Members take the lab's first domain controller as theirs: its clock then decides their domain logons. */
    private void joinDomain() {
        synchronized (windowsModels) {
            windowsModels.values().stream().filter(WindowsHost::isDomainController).findFirst().ifPresent(dc ->
                    windowsModels.values().stream().filter(h -> !h.isDomainController())
                            .forEach(h -> h.joinDomainController(dc)));
        }
    }

    /**
     * The lab's control of a Windows host's clock (as an engineer's hypervisor console would set it): the host's
     * clock becomes {@code offset} away from true time, e.g. a DC 8 days behind after a restore.
     */
    public void setClockOffset(String name, java.time.Duration offset) {
        emulator(name).host().time().setOffsetSeconds(offset.toNanos() / 1e9);
    }

    /**
     * The lab's own time sync of a Windows host, as {@code w32tm /resync} does it there (a member follows its DC).
     * Returns false when the host has no time source to sync from (a DC on its local CMOS clock).
     */
    public boolean syncTime(String name) {
        return emulator(name).host().resyncTime();
    }

    /** Stops one Windows emulator (its port then refuses connections); the host stays listed. */
    public Future<Void> stopWindows(String name) {
        WinRmEmulator e = emulator(name);
        emulators.remove(name);
        return e.close();
    }

    /** Stops every host; blocking, never from an event loop. Idempotent. */
    @Override
    public void close() {
        List<WinRmEmulator> all;
        synchronized (emulators) {
            all = List.copyOf(emulators.values());
        }
        for (WinRmEmulator e : all) {
            e.close().toCompletionStage().toCompletableFuture().join();
        }
        linuxLab.close();
    }
}
