package dev.osiris.lab.linux;

import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;

/**
 * One running Linux lab host: a real OpenSSH sshd in its own network, mount and UTS namespaces, reachable only
 * from the root namespace at {@link #address()}:{@link #port()}. Obtained from {@link LinuxLab#start}.
 */
public final class LinuxLabHost {

    private final LinuxLab lab;
    private final LinuxHostSpec spec;
    private final long sshdPid;
    private final String hostKeySha256;

    LinuxLabHost(LinuxLab lab, LinuxHostSpec spec, long sshdPid, String hostKeySha256) {
        this.lab = lab;
        this.spec = spec;
        this.sshdPid = sshdPid;
        this.hostKeySha256 = hostKeySha256;
    }

    public String name() {
        return spec.name();
    }

    public String address() {
        return spec.address();
    }

    public int port() {
        return 22;
    }

    public String account() {
        return spec.account();
    }

    /** The sshd host key's fingerprint in OpenSSH form ({@code SHA256:...}), for the target's pin. */
    public String hostKeySha256() {
        return hostKeySha256;
    }

    /** The network namespace's name ({@code osiris-lx-<name>}). */
    public String namespace() {
        return LinuxLab.namespaceOf(spec.name());
    }

    /** An SSH target for the agent: password login, pinned to this host's key. */
    public Target passwordTarget() {
        if (spec.password() == null) {
            throw new IllegalStateException("lab host " + name() + " has no password");
        }
        return new Target("lab-" + name(), address(), Transport.SSH, port(), true, "password", account(),
                new Secret(spec.password()), hostKeySha256);
    }

    /** Whether the host started from the compliant baseline ({@link LinuxHostSpec#hardened}). */
    public boolean hardened() {
        return spec.hardened();
    }

    /** An SSH target for the agent with a private key (matching the spec's authorized key), pinned. */
    public Target keyTarget(String privateKey) {
        return new Target("lab-" + name(), address(), Transport.SSH, port(), true, "key", account(),
                new Secret(privateKey), hostKeySha256);
    }

    /**
     * Runs a shell script as root inside this host (all of its namespaces), for the lab's own setup and
     * inspection. Fails only if the command cannot be started; a non-zero exit is in the result.
     */
    public Future<ExecResult> exec(String script) {
        return lab.blocking(() -> execBlocking(script, Duration.ofSeconds(60)));
    }

    ExecResult execBlocking(String script, Duration timeout) {
        return HostProcesses.run(List.of("nsenter", "--target", Long.toString(sshdPid), "--mount", "--net", "--uts", "--pid",
                "--", "/bin/sh", "-s"), script, timeout);
    }

    /** Stops the host: kills its processes, removes its namespace and interfaces. */
    public Future<Void> stop() {
        return lab.stop(this);
    }

    long sshdPid() {
        return sshdPid;
    }

    @Override
    public String toString() {
        return "LinuxLabHost[" + name() + " " + address() + ":22 " + hostKeySha256 + "]";
    }
}
