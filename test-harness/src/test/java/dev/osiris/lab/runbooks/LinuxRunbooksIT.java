package dev.osiris.lab.runbooks;

import dev.osiris.agent.runbook.RunbookRunner;
import dev.osiris.agent.remote.KnownHosts;
import dev.osiris.agent.remote.RemoteConfig;
import dev.osiris.agent.remote.RemoteShell;
import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.agent.remote.Script;
import dev.osiris.agent.remote.ScriptResult;
import dev.osiris.lab.linux.HardenedBaseline;
import dev.osiris.lab.linux.AgentKeyPair;
import dev.osiris.lab.linux.LinuxHostSpec;
import dev.osiris.lab.linux.LinuxLab;
import dev.osiris.lab.linux.LinuxLabHost;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.runbook.Baseline;
import dev.osiris.protocol.runbook.HealPolicy;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.protocol.runbook.Verdict;
import dev.osiris.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Every Linux runbook of the catalog against real hardened lab hosts, over the agent's own SSH transport as a
 * key-auth account with passwordless sudo: compliant when fresh, drifted after each of its chaos attacks, and (auto
 * runbooks) compliant again after remediate + verify. Escalate runbooks are never remediated (the lab puts /etc and
 * the data volume back after each of their attacks). Drift the heal cannot undo (a pinned file, a privileged primary group) is never
 * verified. Skipped with the lab's reason where namespaces are unavailable (needs root).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LinuxRunbooksIT {

    private static final String ACCOUNT = "osiris";
    private static final Duration ATTACK_TIMEOUT = Duration.ofSeconds(60);
    /** Runbooks no test heals keep their drift: /etc is put back as it was after each of their attacks. */
    private static final String SNAPSHOT_ETC = "rm -rf /run/osiris-undo && mkdir -p /run/osiris-undo"
            + " && find /etc | sort > /run/osiris-undo/files && tar -C / -cpf /run/osiris-undo/etc.tar etc";
    private static final String RESTORE_ETC = "find /etc | sort > /run/osiris-undo/now"
            + " && comm -13 /run/osiris-undo/files /run/osiris-undo/now | sort -r | while IFS= read -r f; do rm -rf \"$f\"; done"
            + " && tar -C / -xpf /run/osiris-undo/etc.tar && rm -rf /run/osiris-undo"
            // and the data volume the disk attacks fill
            + " && find " + HardenedBaseline.DATA_VOLUME + " -mindepth 1 -delete";

    @TempDir
    static Path workDir;
    static Vertx vertx;
    static LinuxLab lab;
    static RemoteShells shells;
    static RunbookRunner runner;
    static Baseline baseline;
    static String privateKey;
    static String publicKey;
    static LinuxLabHost attacked;
    static RemoteShell attackedShell;
    static MachineState machineBefore;

    @BeforeAll
    static void startHosts() throws Exception {
        vertx = Vertx.vertx();
        lab = new LinuxLab(vertx, workDir.resolve("lab"));
        LinuxLab.Availability availability = lab.availability();
        if (!availability.available()) {
            abort("Linux lab unavailable: " + availability.reason());
        }
        machineBefore = MachineState.read();
        AgentKeyPair key = AgentKeyPair.generate(workDir.resolve("agent-key"));
        privateKey = key.privateKey();
        publicKey = key.publicKey();
        attacked = await(lab.start(LinuxHostSpec.hardened("rbl1", "198.18.0.40", ACCOUNT, publicKey)));
        shells = new RemoteShells(vertx, RemoteConfig.DEFAULTS.withTrustOnFirstUse(false), KnownHosts.inMemory());
        runner = new RunbookRunner(RunbookCatalog.builtIn());
        baseline = new Baseline(HardenedBaseline.siteParams());
        attackedShell = await(shells.open(attacked.keyTarget(privateKey)));
    }

    @AfterAll
    static void stopHosts() {
        if (attackedShell != null) {
            attackedShell.close();
        }
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

    static Stream<String> linuxRunbooks() {
        return RunbookCatalog.builtIn().forPlatform(Platform.LINUX).stream().map(Runbook::id);
    }

    @Test
    @Order(0)
    void aFreshHostIsCompliantWithEveryLinuxRunbookInOneScriptRun() throws Exception {
        LinuxLabHost fresh = await(lab.start(LinuxHostSpec.hardened("rbl2", "198.18.0.41", ACCOUNT, publicKey)));
        CountingShell shell = new CountingShell(await(shells.open(fresh.keyTarget(privateKey))));
        try {
            List<Runbook> all = RunbookCatalog.builtIn().forPlatform(Platform.LINUX);
            assertThat(all).hasSizeGreaterThanOrEqualTo(21);
            Map<String, Verdict> verdicts = await(runner.detect(shell, fresh.keyTarget(privateKey), all, baseline));
            assertThat(shell.runs.get()).as("script runs for one batched detect").isEqualTo(1);
            assertThat(verdicts.keySet()).containsExactlyInAnyOrderElementsOf(all.stream().map(Runbook::id).toList());
            verdicts.forEach((id, v) -> assertThat(v.status()).as(id + ": " + v.summary() + " " + v.observed())
                    .isIn(Verdict.Status.COMPLIANT, Verdict.Status.NOT_APPLICABLE));
        } finally {
            shell.close();
            await(fresh.stop());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("linuxRunbooks")
    @Order(1)
    void attackDriftsAndHealRestores(String id) throws Exception {
        Runbook runbook = RunbookCatalog.builtIn().find(id).orElseThrow();
        List<Attack> attacks = Attacks.load().forRunbook(id);
        assertThat(attacks).as("chaos attacks for " + id + " in " + Attacks.directory()).isNotEmpty();
        Target target = attacked.keyTarget(privateKey);
        for (Attack attack : attacks) {
            assertThat(detect(runbook)).as(id + " before " + attack.name()).satisfies(v ->
                    assertThat(v.status()).as(v.summary() + " " + v.observed()).isEqualTo(Verdict.Status.COMPLIANT));
            boolean autoHealed = runbook.heal() == HealPolicy.AUTO;
            if (!autoHealed) {
                sh("snapshot /etc", SNAPSHOT_ETC);
            }

            ScriptResult hit = await(runner.runScript(attackedShell, target, "attack-" + attack.name(), attack.script(), ATTACK_TIMEOUT));
            assertThat(hit.exitCode()).as(attack.name() + " exit (stderr: " + hit.stderr() + ")").isZero();

            Verdict drifted = detect(runbook);
            assertThat(drifted.status()).as(attack.name() + " must drift " + id + ": " + drifted.summary() + " " + drifted.observed())
                    .isEqualTo(Verdict.Status.DRIFTED);
            if (!autoHealed) {
                // escalate / detect-only: a human fixes it; the lab puts /etc back so that the next attack starts clean
                sh("restore /etc", RESTORE_ETC);
                continue;
            }
            ScriptResult healed = await(runner.remediate(attackedShell, target, runbook, baseline));
            assertThat(healed.exitCode()).as(id + " remediate exit (stderr: " + healed.stderr() + ")").isZero();
            Verdict verified = await(runner.verify(attackedShell, target, runbook, baseline));
            assertThat(verified.status()).as(id + " after heal: " + verified.summary() + " " + verified.observed())
                    .isEqualTo(Verdict.Status.COMPLIANT);

            // idempotent: healing a compliant host succeeds and leaves it compliant
            ScriptResult again = await(runner.remediate(attackedShell, target, runbook, baseline));
            assertThat(again.exitCode()).as(id + " second remediate exit (stderr: " + again.stderr() + ")").isZero();
            assertThat(await(runner.verify(attackedShell, target, runbook, baseline)).status()).as(id + " after a second heal")
                    .isEqualTo(Verdict.Status.COMPLIANT);
        }
        // the agent can still log in afresh (sshd reloads, firewall heals and sudo never lock it out)
        RemoteShell again = await(shells.open(target));
        try {
            assertThat(await(again.run(Script.of("whoami", "sudo -n id -un", Duration.ofSeconds(20)))).stdout()).isEqualTo("root\n");
        } finally {
            again.close();
        }
    }

    /**
     * Drift the heal cannot undo: after the attack the drifted file is made immutable (chattr +i, as an intruder
     * protecting a backdoor would). Detect names what enforces it, the heal fails and verify is never COMPLIANT; once
     * the attribute is lifted the same heal restores the whole expectation.
     */
    @ParameterizedTest(name = "{0} pinned by {1}")
    @MethodSource("pinnedDrifts")
    @Order(2)
    void driftThatTheHealCannotUndoIsNeverVerified(String attackName, String pinned) throws Exception {
        Attack attack = Attacks.load().all().stream().filter(a -> a.name().equals(attackName)).findFirst().orElseThrow();
        Runbook runbook = RunbookCatalog.builtIn().find(attack.runbook()).orElseThrow();
        Target target = attacked.keyTarget(privateKey);
        assertThat(detect(runbook).status()).as(runbook.id() + " before").isEqualTo(Verdict.Status.COMPLIANT);
        ScriptResult hit = await(runner.runScript(attackedShell, target, "attack-" + attack.name(), attack.script(), ATTACK_TIMEOUT));
        assertThat(hit.exitCode()).as(attack.name() + " exit (stderr: " + hit.stderr() + ")").isZero();
        sh("pin " + pinned, "chattr +i " + pinned);
        try {
            Verdict drifted = detect(runbook);
            assertThat(drifted.status()).as(drifted.summary()).isEqualTo(Verdict.Status.DRIFTED);
            assertThat(drifted.observed().path("enforcedBy")).as("enforcedBy in " + drifted.observed())
                    .anySatisfy(e -> assertThat(e.asText()).isEqualTo("immutable " + pinned));
            await(runner.remediate(attackedShell, target, runbook, baseline));
            Verdict afterHeal = await(runner.verify(attackedShell, target, runbook, baseline));
            assertThat(afterHeal.status()).as(runbook.id() + " verified while " + pinned + " is pinned: " + afterHeal.observed())
                    .isNotEqualTo(Verdict.Status.COMPLIANT);
        } finally {
            sh("unpin " + pinned, "chattr -i " + pinned);
        }
        ScriptResult healed = await(runner.remediate(attackedShell, target, runbook, baseline));
        assertThat(healed.exitCode()).as(runbook.id() + " remediate exit (stderr: " + healed.stderr() + ")").isZero();
        assertThat(await(runner.verify(attackedShell, target, runbook, baseline)).status()).isEqualTo(Verdict.Status.COMPLIANT);
    }

    static Stream<Arguments> pinnedDrifts() {
        return Stream.of(
                pin("RB-LNX-SSHROOT-001.match-block", "/etc/ssh/sshd_config"),
                pin("RB-LNX-SSHPASSWD-001.vendor-enables-passwords", "/etc/ssh/sshd_config"),
                pin("RB-LNX-SUDO-001.drop-in-nopasswd", "/etc/sudoers.d/90-backup-agent"),
                pin("RB-LNX-SSHKEYS-001.root-authorized-key", "/root/.ssh/authorized_keys"),
                pin("RB-LNX-PERSIST-001.cron-dropper", "/etc/cron.d/sysupdate"),
                pin("RB-LNX-PERSIST-001.system-crontab-line", "/etc/crontab"),
                pin("RB-LNX-PRIVGROUPS-001.usermod-sudo", "/etc/group"),
                pin("RB-LNX-DNS-001.rogue-resolver", "/etc/resolv.conf"),
                pin("RB-LNX-SHADOW-001.world-readable-shadow", "/etc/shadow"),
                pin("RB-LNX-PWQUALITY-001.short-passwords", "/etc/security/pwquality.conf"),
                pin("RB-LNX-LOCKOUT-001.deny-zero", "/etc/security/faillock.conf"),
                pin("RB-LNX-WORLDWRITE-001.writable-profile-script", "/etc/profile"),
                pin("RB-LNX-AUTOUPDATE-001.disable-unattended", "/etc/apt/apt.conf.d/99-no-auto-upgrades"),
                pin("RB-LNX-LOGFWD-001.discard-everything", "/etc/rsyslog.d/00-quiet.conf"),
                pin("RB-LNX-AUDITD-001.disable-by-rule", "/etc/audit/rules.d/99-zz-perf.rules"));
    }

    private static Arguments pin(String attack, String file) {
        return Arguments.of(attack, file);
    }

    /** A privileged primary group is left to a human: the heal of the members fails and is never verified. */
    @Test
    @Order(2)
    void aPrivilegedPrimaryGroupIsNotHealedAndNeverVerified() throws Exception {
        Runbook runbook = RunbookCatalog.builtIn().find("RB-LNX-PRIVGROUPS-001").orElseThrow();
        Target target = attacked.keyTarget(privateKey);
        sh("primary group root", "usermod -g root backup");
        try {
            assertThat(detect(runbook).observed().path("members")).anySatisfy(m -> assertThat(m.asText()).isEqualTo("root:backup"));
            ScriptResult heal = await(runner.remediate(attackedShell, target, runbook, baseline));
            assertThat(heal.exitCode()).as("heal exit").isNotZero();
            assertThat(heal.stderr()).contains("root is the primary group of backup: left to a human");
            assertThat(await(runner.verify(attackedShell, target, runbook, baseline)).status()).isEqualTo(Verdict.Status.DRIFTED);
        } finally {
            sh("primary group back", "usermod -g backup backup");
        }
        assertThat(detect(runbook).status()).isEqualTo(Verdict.Status.COMPLIANT);
    }

    /**
     * Legacy iptables counts on its own: a host with an empty nftables ruleset whose legacy iptables INPUT drops (IPv4
     * and IPv6, SSH from the appliance only) is compliant; a broad accept inserted with iptables-legacy is drift, and
     * the heal's nftables baseline denies again.
     */
    @Test
    @Order(2)
    void aHostFirewalledByLegacyIptablesAloneIsJudgedByIt() throws Exception {
        Runbook runbook = RunbookCatalog.builtIn().find("RB-LNX-FIREWALL-001").orElseThrow();
        Target target = attacked.keyTarget(privateKey);
        sh("legacy only", "nft list ruleset > /run/osiris-ruleset && nft flush ruleset"
                + " && iptables-legacy -A INPUT -s " + LinuxLab.ROOT_SIDE + " -j ACCEPT && iptables-legacy -P INPUT DROP"
                + " && ip6tables-legacy -P INPUT DROP");
        try {
            Verdict legacy = detect(runbook);
            assertThat(legacy.status()).as(legacy.summary() + " " + legacy.observed()).isEqualTo(Verdict.Status.COMPLIANT);
            assertThat(legacy.observed().path("inputChains")).as("no nftables chain left").isEmpty();

            sh("legacy accept", "iptables-legacy -I INPUT -p tcp -j ACCEPT");
            Verdict open = detect(runbook);
            assertThat(open.status()).as(open.observed().toString()).isEqualTo(Verdict.Status.DRIFTED);
            assertThat(open.observed().path("ipv4Denied").asBoolean()).isFalse();

            ScriptResult healed = await(runner.remediate(attackedShell, target, runbook, baseline));
            assertThat(healed.exitCode()).as(healed.stderr()).isZero();
            assertThat(await(runner.verify(attackedShell, target, runbook, baseline)).status()).isEqualTo(Verdict.Status.COMPLIANT);
        } finally {
            sh("firewall back", "iptables-legacy -F INPUT && iptables-legacy -P INPUT ACCEPT && ip6tables-legacy -P INPUT ACCEPT"
                    + " && nft flush ruleset && nft -f /run/osiris-ruleset && rm -f /run/osiris-ruleset");
        }
        assertThat(detect(runbook).status()).isEqualTo(Verdict.Status.COMPLIANT);
    }

    @Test
    @Order(3)
    void rootInAHostHasItsOwnPidNamespaceAndNoPowerOverTheClockKernelLogAuditOrDevices() throws Exception {
        ScriptResult caps = await(runner.runScript(attackedShell, attacked.keyTarget(privateKey), "capabilities",
                "id -u; awk '$1 == \"CapBnd:\" { print $2 }' /proc/self/status; cat /proc/1/comm", Duration.ofSeconds(20)));
        String[] lines = caps.stdout().strip().split("\n");
        assertThat(lines[0]).as("runs as root through sudo").isEqualTo("0");
        assertThat(lines[2]).as("PID 1 of the host's own PID namespace").isEqualTo("sshd");
        long bounding = Long.parseUnsignedLong(lines[1], 16);
        // CAP_SYS_MODULE 16, SYS_RAWIO 17, SYS_BOOT 22, SYS_TIME 25, MKNOD 27, AUDIT_CONTROL 30, SYSLOG 34, WAKE_ALARM 35
        for (int cap : new int[] {16, 17, 22, 25, 27, 30, 34, 35}) {
            assertThat(bounding & (1L << cap)).as("capability " + cap + " in the host's bounding set").isZero();
        }
        assertThat(bounding & (1L << 12)).as("CAP_NET_ADMIN stays: firewall and net sysctls are the host's own").isNotZero();
    }

    @Test
    @Order(4)
    void nothingTheRunbooksAttacksOrHealsDidReachedTheMachine() throws Exception {
        assertThat(MachineState.read()).isEqualTo(machineBefore);
    }

    private static void sh(String name, String script) {
        ScriptResult r = await(runner.runScript(attackedShell, attacked.keyTarget(privateKey), name, script, ATTACK_TIMEOUT));
        assertThat(r.exitCode()).as(name + " exit (stderr: " + r.stderr() + ")").isZero();
    }

    private static Verdict detect(Runbook runbook) throws Exception {
        return await(runner.detect(attackedShell, attacked.keyTarget(privateKey), List.of(runbook), baseline)).get(runbook.id());
    }

    /** A hardened host's start and a runbook's remediation take longer than most: three minutes each. */
    static <T> T await(Future<T> future) {
        return Await.result(future, Duration.ofMinutes(3));
    }

    /** Counts the scripts run through a shell, to prove a scan is one round trip. */
    private static final class CountingShell implements RemoteShell {
        private final RemoteShell shell;
        final AtomicInteger runs = new AtomicInteger();

        CountingShell(RemoteShell shell) {
            this.shell = shell;
        }

        @Override
        public Future<ScriptResult> run(Script script) {
            runs.incrementAndGet();
            return shell.run(script);
        }

        @Override
        public String describe() {
            return shell.describe();
        }

        @Override
        public Future<Void> close() {
            return shell.close();
        }
    }
}
