package dev.osiris.lab.linux;

import dev.osiris.agent.remote.KnownHosts;
import dev.osiris.agent.remote.RemoteConfig;
import dev.osiris.agent.remote.RemoteFailure;
import dev.osiris.agent.remote.RemoteShell;
import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.agent.remote.Script;
import dev.osiris.agent.remote.ScriptResult;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.osiris.testing.Await.await;
import static dev.osiris.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Real Linux lab hosts (sshd in network + mount namespaces) driven through the agent's SSH transport. Skipped
 * with the lab's reason where namespaces are unavailable.
 */
class LinuxLabIT {

    private static final String PASSWORD = "Clinic-Pa55word";
    /** SIGHUP makes sshd re-execute itself: the script returns once its new listening socket is there. */
    private static final String RELOAD_SSHD = " old=$(ss -Hltne 'sport = :22' | grep -o 'ino:[0-9]*'); kill -HUP $(cat /run/sshd.pid);"
            + " until n=$(ss -Hltne 'sport = :22' | grep -o 'ino:[0-9]*'); [ -n \"$n\" ] && [ \"$n\" != \"$old\" ]; do sleep 0.1; done; ";

    @TempDir
    static Path workDir;
    static Vertx vertx;
    static LinuxLab lab;
    static LinuxLabHost lx1;
    static LinuxLabHost lx2;
    static RemoteShells shells;

    @BeforeAll
    static void startHosts() throws Exception {
        vertx = Vertx.vertx();
        lab = new LinuxLab(vertx, workDir);
        LinuxLab.Availability availability = lab.availability();
        if (!availability.available()) {
            abort("Linux lab unavailable: " + availability.reason());
        }
        lx1 = await(lab.start("lx1", "198.18.0.10", "clinic", PASSWORD));
        lx2 = await(lab.start("lx2", "198.18.0.11", "root", "Other-Pa55word"));
        shells = new RemoteShells(vertx, RemoteConfig.DEFAULTS.withTrustOnFirstUse(false), KnownHosts.inMemory());
    }

    @AfterAll
    static void stopHosts() {
        if (shells != null) {
            shells.close();
        }
        if (lab != null) {
            lab.close();
        }
        if (vertx != null) {
            vertx.close();
        }
    }

    static ScriptResult ssh(LinuxLabHost host, String script) throws Exception {
        RemoteShell shell = await(shells.open(host.passwordTarget()));
        try {
            return await(shell.run(Script.of("lab", script, Duration.ofSeconds(30))));
        } finally {
            shell.close();
        }
    }

    @Test
    void agentRunsCommandsOnTheHostOverPinnedSsh() throws Exception {
        ScriptResult result = ssh(lx1, "hostname; id -un; ip -o -4 addr show dev eth0 | awk '{print $4}'");
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("lx1\nclinic\n198.18.0.10/32\n");
    }

    @Test
    void recordedHostKeyFingerprintIsTheSshdsOwnAndNotTheMachines() throws Exception {
        String inside = await(lx1.exec("ssh-keygen -l -E sha256 -f /etc/ssh/ssh_host_ed25519_key.pub")).requireSuccess("keygen").stdout();
        assertThat(inside).contains(lx1.hostKeySha256());
        assertThat(lx1.hostKeySha256()).startsWith("SHA256:").isNotEqualTo(lx2.hostKeySha256());
        Path machineKey = Path.of("/etc/ssh/ssh_host_ed25519_key.pub");
        if (Files.exists(machineKey)) {
            ExecResult machine = HostProcesses.run(Duration.ofSeconds(10), "ssh-keygen", "-l", "-E", "sha256", "-f", machineKey.toString());
            assertThat(machine.stdout()).doesNotContain(lx1.hostKeySha256());
        }
    }

    @Test
    void changesInsideTheHostDoNotReachTheMachine() throws Exception {
        String machineConfig = Files.exists(Path.of("/etc/ssh/sshd_config")) ? Files.readString(Path.of("/etc/ssh/sshd_config")) : "";
        String machinePing = Files.readString(Path.of("/proc/sys/net/ipv4/icmp_echo_ignore_all")).strip();
        await(lx1.exec(String.join("\n",
                "echo '# osiris-lab-drift-marker' >> /etc/ssh/sshd_config",
                "sysctl -qw net.ipv4.icmp_echo_ignore_all=" + ("1".equals(machinePing) ? "0" : "1"),
                "touch /usr/local/osiris-lab-marker /root/osiris-lab-marker /var/osiris-lab-marker"))).requireSuccess("drift");
        // the host sees its changes, also through the agent's SSH session
        assertThat(ssh(lx1, "grep -c osiris-lab-drift-marker /etc/ssh/sshd_config").stdout().strip()).isEqualTo("1");
        // the machine does not
        String machineConfigAfter = Files.exists(Path.of("/etc/ssh/sshd_config")) ? Files.readString(Path.of("/etc/ssh/sshd_config")) : "";
        assertThat(machineConfigAfter).isEqualTo(machineConfig).doesNotContain("osiris-lab-drift-marker");
        assertThat(Files.readString(Path.of("/proc/sys/net/ipv4/icmp_echo_ignore_all")).strip()).isEqualTo(machinePing);
        assertThat(Path.of("/usr/local/osiris-lab-marker")).doesNotExist();
        assertThat(Path.of("/root/osiris-lab-marker")).doesNotExist();
        assertThat(Path.of("/var/osiris-lab-marker")).doesNotExist();
        // nor does the other host
        assertThat(await(lx2.exec("grep -c osiris-lab-drift-marker /etc/ssh/sshd_config")).stdout().strip()).isEqualTo("0");
    }

    @Test
    void firewallRulesInsideTheHostAreTheHostsOwn() throws Exception {
        if (HostProcesses.run(Duration.ofSeconds(5), "sh", "-c", "command -v nft").exitCode() != 0) {
            abort("nft not installed (apt-get install -y nftables)");
        }
        await(lx1.exec(String.join("\n",
                "nft add table inet osiris_lab_probe",
                "nft add chain inet osiris_lab_probe input '{ type filter hook input priority 0; }'",
                "nft add rule inet osiris_lab_probe input tcp dport 2222 drop"))).requireSuccess("nft");
        assertThat(await(lx1.exec("nft list ruleset")).stdout()).contains("osiris_lab_probe").contains("dport 2222 drop");
        assertThat(HostProcesses.run(Duration.ofSeconds(10), "nft", "list", "tables").stdout()).doesNotContain("osiris_lab_probe");
        assertThat(await(lx2.exec("nft list tables")).stdout()).doesNotContain("osiris_lab_probe");
        // and the host is still reachable over SSH (the rule is its own, port 22 untouched)
        assertThat(ssh(lx1, "echo ok").stdout()).isEqualTo("ok\n");
    }

    @Test
    void aDifferentHostKeyIsRefusedAsChanged() throws Exception {
        Target impostor = new Target("lab-lx1", lx1.address(), lx1.passwordTarget().transport(), 22, true, "password",
                "clinic", new Secret(PASSWORD), lx2.hostKeySha256());
        assertThat(failure(shells.open(impostor), RemoteFailure.class).reason())
                .isEqualTo(RemoteFailure.Reason.HOST_KEY_CHANGED);

        KnownHosts recorded = KnownHosts.inMemory();
        recorded.remember(lx1.address(), 22, lx2.hostKeySha256());
        RemoteShells tofu = new RemoteShells(vertx, RemoteConfig.DEFAULTS, recorded);
        try {
            Target unpinned = new Target("lab-lx1", lx1.address(), lx1.passwordTarget().transport(), 22, true,
                    "password", "clinic", new Secret(PASSWORD), null);
            assertThat(failure(tofu.open(unpinned), RemoteFailure.class).reason())
                    .isEqualTo(RemoteFailure.Reason.HOST_KEY_CHANGED);
        } finally {
            tofu.close();
        }
    }

    @Test
    void wrongPasswordIsAuthentication() throws Exception {
        Target wrong = new Target("lab-lx1", lx1.address(), lx1.passwordTarget().transport(), 22, true, "password",
                "clinic", new Secret("not-" + PASSWORD), lx1.hostKeySha256());
        RemoteFailure failure = failure(shells.open(wrong), RemoteFailure.class);
        assertThat(failure.reason()).isEqualTo(RemoteFailure.Reason.AUTHENTICATION);
        assertThat(failure.getMessage()).doesNotContain(PASSWORD);
    }

    @Test
    void sshdRunsDebiansStockConfigurationSoADropInWinsOverTheMainFile() throws Exception {
        ExecResult config = await(lx1.exec("grep -v '^#' /etc/ssh/sshd_config | head -1; sshd -T | grep -E '^(usepam|permitrootlogin) '"));
        assertThat(config.stdout()).isEqualTo("Include /etc/ssh/sshd_config.d/*.conf\nusepam yes\npermitrootlogin yes\n");

        ExecResult dropIn = await(lx1.exec("echo 'PasswordAuthentication no' > /etc/ssh/sshd_config.d/50-vendor.conf;"
                + RELOAD_SSHD + "sshd -T | grep '^passwordauthentication '"));
        try {
            assertThat(dropIn.stdout()).isEqualTo("passwordauthentication no\n");
            // the running sshd took it too: the password login the main file allows is refused now
            assertThat(failure(shells.open(lx1.passwordTarget()), RemoteFailure.class).reason()).isEqualTo(RemoteFailure.Reason.AUTHENTICATION);
        } finally {
            await(lx1.exec("rm -f /etc/ssh/sshd_config.d/50-vendor.conf;" + RELOAD_SSHD)).requireSuccess("undo");
        }
        assertThat(ssh(lx1, "id -un").stdout()).isEqualTo("clinic\n");
    }

    @Test
    void passwordLoginsGoThroughPamSoAPamBackdoorTakesEffect() throws Exception {
        Target wrong = new Target("lab-lx1", lx1.address(), lx1.passwordTarget().transport(), 22, true, "password",
                "clinic", new Secret("any-password-at-all"), lx1.hostKeySha256());
        await(lx1.exec("cp -p /etc/pam.d/common-auth /root/common-auth.bak;"
                + " sed -i '1i auth sufficient pam_permit.so' /etc/pam.d/common-auth")).requireSuccess("backdoor");
        try {
            RemoteShell shell = await(shells.open(wrong));
            try {
                assertThat(await(shell.run(Script.of("lab", "id -un", Duration.ofSeconds(30)))).stdout()).isEqualTo("clinic\n");
            } finally {
                shell.close();
            }
        } finally {
            await(lx1.exec("cat /root/common-auth.bak > /etc/pam.d/common-auth")).requireSuccess("undo");
        }
        assertThat(failure(shells.open(wrong), RemoteFailure.class).reason()).isEqualTo(RemoteFailure.Reason.AUTHENTICATION);
    }

    @Test
    void hostIsReachableOnlyFromTheRootNamespacesLabSide() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(lx1.address(), 22), 3000);
            assertThat(s.isConnected()).isTrue();
        }
        // another lab host has no route to it
        ExecResult fromLx2 = await(lx2.exec("timeout 5 bash -c 'echo > /dev/tcp/198.18.0.10/22' 2>&1; echo rc=$?"));
        assertThat(fromLx2.stdout()).doesNotContain("rc=0").containsIgnoringCase("unreachable");
        // inside, only the link to the root side exists: no default route, loopback is the host's own
        ExecResult routes = await(lx1.exec("ip -4 route show"));
        assertThat(routes.stdout().strip()).isEqualTo(LinuxLab.ROOT_SIDE + " dev eth0 scope link");
        try (ServerSocket machineOnly = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ExecResult loopback = await(lx1.exec("timeout 5 bash -c 'echo > /dev/tcp/127.0.0.1/" + machineOnly.getLocalPort()
                    + "' 2>&1; echo rc=$?"));
            assertThat(loopback.stdout()).doesNotContain("rc=0").containsIgnoringCase("refused");
        }
    }

    @Test
    void stopRemovesNamespaceLinkAndProcessesAndLeftoversAreCleanedByPrefix() throws Exception {
        HostProcesses.run(Duration.ofSeconds(30), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", workDir.resolve("lx3_key").toString())
                .requireSuccess("client key");
        LinuxLabHost lx3 = await(lab.start(LinuxHostSpec.withPassword("lx3", "198.19.1.3", "root", "Pa55-lx3")
                .withAuthorizedKey(Files.readString(workDir.resolve("lx3_key.pub")))));
        assertThat(ssh(lx3, "hostname").stdout()).isEqualTo("lx3\n");
        RemoteShell byKey = await(shells.open(lx3.keyTarget(Files.readString(workDir.resolve("lx3_key")))));
        assertThat(await(byKey.run(Script.of("key", "id -un", Duration.ofSeconds(10)))).stdout()).isEqualTo("root\n");
        await(byKey.close());
        long pid = lx3.sshdPid();
        await(lx3.stop());
        assertThat(HostProcesses.run(Duration.ofSeconds(10), "ip", "netns", "list").stdout()).doesNotContain("osiris-lx-lx3");
        assertThat(HostProcesses.run(Duration.ofSeconds(10), "ip", "-o", "link", "show").stdout()).doesNotContain("olx-lx3");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

        // a crashed run's leftovers
        HostProcesses.run(java.util.List.of("sh", "-c", "ip netns add osiris-lx-stale && ip link add olx-stale type veth peer name olxp-stale"),
                null, Duration.ofSeconds(10)).requireSuccess("stale setup");
        LinuxLab.cleanupLeftovers();
        assertThat(HostProcesses.run(Duration.ofSeconds(10), "ip", "netns", "list").stdout()).doesNotContain("osiris-lx-stale");
        assertThat(HostProcesses.run(Duration.ofSeconds(10), "ip", "-o", "link", "show").stdout()).doesNotContain("olx-stale");
        // while the hosts this JVM runs are left alone
        assertThat(ssh(lx1, "hostname").stdout()).isEqualTo("lx1\n");
    }
}
