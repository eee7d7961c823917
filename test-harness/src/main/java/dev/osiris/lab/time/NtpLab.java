package dev.osiris.lab.time;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Real NTP servers for tests: Debian's chronyd serving time, each in its own network namespace joined to this one by
 * a veth pair in 198.18.200.0/24 (the lab's other hosts never use that /24). chronyd runs with {@code -x}, so it
 * never touches the machine's clock; a falseticker is chronyd under Debian's {@code faketime}, its clock shifted. A
 * silent server is a namespace with nothing listening. Needs root, iproute2, chrony and faketime: see
 * {@link #unavailableBecause()}. Blocking; call from a test thread.
 */
public final class NtpLab implements AutoCloseable {

    /** One server: a name for the test, and how far its clock is shifted (0 = true time), or silent. */
    public record Server(String name, Duration shift, boolean silent) {

        public static Server truth(String name) {
            return new Server(name, Duration.ZERO, false);
        }

        public static Server falseticker(String name, Duration shift) {
            return new Server(name, shift, false);
        }

        public static Server silent(String name) {
            return new Server(name, Duration.ZERO, true);
        }
    }

    private static final Duration READY = Duration.ofSeconds(15);

    private final Path dir;
    private final String tag = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final List<String> namespaces = new ArrayList<>();
    private final List<String> links = new ArrayList<>();
    private final List<Process> daemons = new ArrayList<>();

    private NtpLab(Path dir) {
        this.dir = dir;
    }

    /** Why NTP servers cannot run in namespaces here, or null when they can. */
    public static String unavailableBecause() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "network namespaces need root";
        }
        for (String tool : List.of("/usr/sbin/chronyd", "/usr/bin/faketime", "/usr/bin/ip")) {
            if (!Files.isExecutable(Path.of(tool))) {
                return tool + " is missing (apt-get install chrony faketime iproute2)";
            }
        }
        return null;
    }

    /**
     * Starts the servers in order, server {@code i} at 198.18.200.(4i+2) with this side at .(4i+1); returns once each
     * serving one answers an NTP request. At most 60 servers. Fails (with everything torn down) when one does not.
     */
    public static NtpLab start(Path dir, List<Server> servers) throws IOException, InterruptedException {
        if (servers.size() > 60) {
            throw new IllegalArgumentException("at most 60 servers fit in 198.18.200.0/24");
        }
        NtpLab lab = new NtpLab(dir);
        try {
            for (int i = 0; i < servers.size(); i++) {
                lab.add(i, servers.get(i));
            }
            return lab;
        } catch (IOException | InterruptedException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** The server's address as the agent's configuration names it ({@code 198.18.200.x}, port 123). */
    public String address(String name) {
        String a = addresses.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no NTP lab server " + name);
        }
        return a;
    }

    private void add(int i, Server s) throws IOException, InterruptedException {
        String ns = "osiris-ntp-" + tag + "-" + i;
        String host = "ntph" + tag + i;
        String peer = "ntpn" + tag + i;
        String here = "198.18.200." + (4 * i + 1);
        String there = "198.18.200." + (4 * i + 2);
        run("ip", "netns", "add", ns);
        namespaces.add(ns);
        run("ip", "link", "add", host, "type", "veth", "peer", "name", peer);
        links.add(host);
        run("ip", "link", "set", peer, "netns", ns);
        run("ip", "addr", "add", here + "/30", "dev", host);
        run("ip", "link", "set", host, "up");
        run("ip", "netns", "exec", ns, "ip", "addr", "add", there + "/30", "dev", peer);
        run("ip", "netns", "exec", ns, "ip", "link", "set", peer, "up");
        run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        addresses.put(s.name(), there);
        if (s.silent()) {
            return;
        }
        Path conf = dir.resolve("chrony-" + i + ".conf");
        // a local reference clock at stratum 3, answering anyone, no command port; -x: never steer the machine's clock
        Files.writeString(conf, String.join("\n", "local stratum 3", "allow all", "port 123", "cmdport 0",
                "bindaddress " + there, "pidfile " + dir.resolve("chrony-" + i + ".pid"),
                "driftfile " + dir.resolve("chrony-" + i + ".drift"), ""));
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        if (!s.shift().isZero()) {
            long seconds = s.shift().toSeconds();
            cmd.addAll(List.of("faketime", "-f", (seconds >= 0 ? "+" : "") + seconds + "s"));
        }
        cmd.addAll(List.of("chronyd", "-x", "-d", "-f", conf.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("chrony-" + i + ".log").toFile()).start();
        daemons.add(p);
        awaitAnswer(there, p, dir.resolve("chrony-" + i + ".log"));
    }

    /** Polls with a plain SNTP request until chronyd answers: the condition that it serves, not a guess of how long. */
    private static void awaitAnswer(String address, Process p, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        byte[] request = new byte[48];
        request[0] = 0x23; // version 4, client
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(200);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IOException("chronyd at " + address + " exited: " + Files.readString(log));
                }
                socket.send(new DatagramPacket(request, request.length, InetAddress.getByName(address), 123));
                try {
                    socket.receive(new DatagramPacket(new byte[512], 512));
                    return;
                } catch (SocketTimeoutException e) {
                    // not serving yet
                }
            }
        }
        throw new IOException("chronyd at " + address + " did not answer within " + READY.toSeconds() + " s: "
                + Files.readString(log));
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": no exit within 10 s");
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + ": exit " + p.exitValue() + ": " + out.trim());
        }
    }

    /** Stops the daemons and removes the namespaces and links; never fails. */
    @Override
    public void close() {
        for (Process p : daemons) {
            // faketime runs chronyd as its child: stop the child first, or it would outlive the namespace
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String link : links) {
            quietly("ip", "link", "del", link);
        }
        for (String ns : namespaces) {
            quietly("ip", "netns", "del", ns);
        }
    }

    private static void quietly(String... cmd) {
        try {
            run(cmd);
        } catch (IOException | InterruptedException e) {
            // already gone (deleting a namespace takes its end of the veth pair with it)
        }
    }
}
