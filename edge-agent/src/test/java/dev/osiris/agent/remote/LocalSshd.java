package dev.osiris.agent.remote;

import dev.osiris.testing.LoopbackPort;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.abort;

/**
 * A real OpenSSH sshd on 127.0.0.1 with a throw-away config, host key and client key in a temp dir. Root logs in
 * with the generated key; nothing outside the temp dir is changed except creating sshd's empty privilege
 * separation directory if it is missing. If sshd is not installed or cannot start, the test is aborted with the
 * reason (never faked).
 */
public final class LocalSshd implements AutoCloseable {

    static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Path dir;
    private final int port;
    private final Process process;
    private final List<String> log = new CopyOnWriteArrayList<>();

    private LocalSshd(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    public static LocalSshd start(Path dir) throws Exception {
        return start(dir, LoopbackPort.free());
    }

    /** On a given port, e.g. the one of an sshd stopped before: the same host and port with a new host key. */
    public static LocalSshd start(Path dir, int port) throws Exception {
        if (!Files.isExecutable(SSHD)) {
            abort("OpenSSH server not installed (" + SSHD + " missing): apt-get install -y openssh-server");
        }
        Files.createDirectories(Path.of("/run/sshd"));
        run(dir, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString());
        run(dir, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("client_key").toString());
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_key"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "StrictModes no",
                "PermitRootLogin yes",
                "PasswordAuthentication yes",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "LogLevel VERBOSE",
                ""));
        Process p = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).start();
        LocalSshd sshd = new LocalSshd(dir, port, p);
        CountDownLatch listening = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    sshd.log.add(line);
                    if (line.contains("Server listening on")) {
                        listening.countDown();
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
            listening.countDown();
        });
        if (!listening.await(20, TimeUnit.SECONDS) || !p.isAlive()) {
            String why = String.join("\n", sshd.log);
            sshd.close();
            abort("sshd did not start: " + why);
        }
        return sshd;
    }

    public int port() {
        return port;
    }

    public String clientKey() throws IOException {
        return Files.readString(dir.resolve("client_key"));
    }

    public String hostKeyFingerprint() throws Exception {
        // "256 SHA256:xxxx comment (ED25519)"
        return run(dir, "ssh-keygen", "-l", "-E", "sha256", "-f", dir.resolve("host_key.pub").toString()).split(" ")[1];
    }

    long logLinesContaining(String text) {
        return log.stream().filter(l -> l.contains(text)).count();
    }

    /** Replaces the host key (as after a reinstall or an impostor); takes effect for new connections. */
    void replaceHostKey() throws Exception {
        Files.delete(dir.resolve("host_key"));
        Files.delete(dir.resolve("host_key.pub"));
        run(dir, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString());
    }

    static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out.strip();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
