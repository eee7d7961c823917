package dev.osiris.lab.bench.remote;

import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.lab.linux.LinuxLab;
import dev.osiris.lab.linux.LinuxLabHost;
import io.vertx.core.Vertx;

import java.nio.file.Path;

/**
 * SSH round trips against a Linux lab host: a real OpenSSH sshd in its own network namespace at 198.18.0.60, reached
 * over a veth pair (password login, host key pinned). Where the lab cannot run (not root, no netns), says why.
 */
final class SshRoundTrips {

    static final String ADDRESS = "198.18.0.60";

    private final Vertx vertx;
    private final Path dir;

    SshRoundTrips(Vertx vertx, Path dir) {
        this.vertx = vertx;
        this.dir = dir;
    }

    /** The measured samples, or why there are none. */
    record Outcome(JavaRoundTrips.Result result, String unavailable) {
    }

    Outcome measure(RemoteShells shells, JavaRoundTrips trips) {
        LinuxLab lab = new LinuxLab(vertx, dir);
        try {
            LinuxLab.Availability availability = lab.availability();
            if (!availability.available()) {
                return new Outcome(null, availability.reason());
            }
            LinuxLabHost host;
            try {
                host = lab.start("benchlx", ADDRESS, "bench", "Bench-Ssh-2026").await();
            } catch (RuntimeException e) {
                return new Outcome(null, "the lab host did not start: " + e.getMessage());
            }
            return new Outcome(trips.measure(() -> shells.open(host.passwordTarget())), null);
        } finally {
            lab.close();
        }
    }
}
