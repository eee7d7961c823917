package dev.osiris.lab.linux;

import dev.osiris.agent.runbook.RunbookRunner;
import dev.osiris.agent.remote.KnownHosts;
import dev.osiris.agent.remote.RemoteConfig;
import dev.osiris.agent.remote.RemoteShell;
import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.agent.remote.Script;
import dev.osiris.agent.remote.ScriptResult;
import dev.osiris.lab.runbooks.Attack;
import dev.osiris.lab.runbooks.Attacks;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.runbook.Baseline;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.protocol.runbook.Verdict;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.osiris.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * A lab host with real systemd as init (systemd-nspawn --boot of the cached Debian root), reached over the agent's
 * SSH transport: sshd runs from its unit, and the persistence runbook's systemd path (a unit enabled for
 * multi-user.target, healed with systemctl disable and daemon-reload) runs for real. Skipped, with the reason,
 * where nspawn or the cached root is missing (LAB.md says how to make it).
 */
class SystemdLabHostIT {

    @TempDir
    static Path workDir;
    static Vertx vertx;
    static LinuxLab lab;
    static RemoteShells shells;
    static LinuxLabHost host;
    static RemoteShell shell;
    static Target target;

    @BeforeAll
    static void bootHost() throws Exception {
        vertx = Vertx.vertx();
        lab = new LinuxLab(vertx, workDir.resolve("lab"));
        String reason = lab.systemdUnavailableReason();
        if (reason != null) {
            abort("systemd lab host unavailable: " + reason);
        }
        AgentKeyPair key = AgentKeyPair.generate(workDir.resolve("key"));
        host = await(lab.startSystemd(new LinuxHostSpec("sd1", "198.18.0.50", "osiris", null, key.publicKey(), false)));
        shells = new RemoteShells(vertx, RemoteConfig.DEFAULTS.withTrustOnFirstUse(false), KnownHosts.inMemory());
        target = host.keyTarget(key.privateKey());
        shell = await(shells.open(target));
    }

    @AfterAll
    static void stopHost() {
        if (shell != null) {
            shell.close();
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

    @Test
    void initIsSystemdAndSshdRunsFromItsUnit() throws Exception {
        ScriptResult r = await(shell.run(Script.of("init", "cat /proc/1/comm; systemctl is-active ssh cron;"
                + " sudo -n id -un; hostname", Duration.ofSeconds(30))));
        assertThat(r.stdout()).isEqualTo("systemd\nactive\nactive\nroot\nsd1\n");
        String state = await(shell.run(Script.of("state", "systemctl is-system-running", Duration.ofSeconds(30)))).stdout().strip();
        assertThat(state).isIn("running", "degraded");
    }

    static Stream<String> persistenceAttacks() {
        return Attacks.load().forRunbook("RB-LNX-PERSIST-001").stream().map(Attack::name);
    }

    /**
     * Every persistence attack (cron.d, crontab(1), /etc/crontab, a system unit, a timer, a user unit) on real
     * systemd: drifted, healed, verified; a system unit or timer the attack enabled is no longer enabled as systemd
     * itself sees it (the heal's systemctl disable and daemon-reload ran).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("persistenceAttacks")
    void aPersistenceAttackIsDetectedAndHealedOnRealSystemd(String name) throws Exception {
        Runbook runbook = RunbookCatalog.builtIn().find("RB-LNX-PERSIST-001").orElseThrow();
        Attack attack = Attacks.load().forRunbook(runbook.id()).stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
        RunbookRunner runner = new RunbookRunner(RunbookCatalog.builtIn());
        Baseline baseline = new Baseline(HardenedBaseline.siteParams());
        assertThat(detect(runner, runbook, baseline).status()).isEqualTo(Verdict.Status.COMPLIANT);

        ScriptResult hit = await(runner.runScript(shell, target, "attack", attack.script(), Duration.ofSeconds(60)));
        assertThat(hit.exitCode()).as(hit.stderr()).isZero();
        List<String> enabledUnits = new ArrayList<>();
        for (String unit : List.of("sysupdate-helper.service", "cache-cleanup.timer", "systemd-journal-flush-helper.service")) {
            if (systemctl("is-enabled " + unit).equals("enabled")) {
                enabledUnits.add(unit);
            }
        }
        Verdict drifted = detect(runner, runbook, baseline);
        assertThat(drifted.status()).as(drifted.observed().toString()).isEqualTo(Verdict.Status.DRIFTED);

        ScriptResult healed = await(runner.remediate(shell, target, runbook, baseline));
        assertThat(healed.exitCode()).as(healed.stderr()).isZero();
        Verdict verified = await(runner.verify(shell, target, runbook, baseline));
        assertThat(verified.status()).as(verified.observed().toString()).isEqualTo(Verdict.Status.COMPLIANT);
        for (String unit : enabledUnits) {
            assertThat(systemctl("is-enabled " + unit)).as(unit).isNotEqualTo("enabled");
        }
        if (name.endsWith("systemd-unit")) {
            assertThat(enabledUnits).as("the unit attack enabled its unit through systemd").contains("sysupdate-helper.service");
        }
        if (name.endsWith("masquerading-vendor-unit")) {
            assertThat(enabledUnits).as("the masquerading unit is enabled through systemd").contains("systemd-journal-flush-helper.service");
        }
        if (name.endsWith("systemd-timer")) {
            assertThat(enabledUnits).as("the timer attack enabled its timer through systemd").contains("cache-cleanup.timer");
        }
    }

    /**
     * A user service that already runs when the heal comes (a lingering account's user manager runs it without a
     * login): the heal stops it in that manager as well as quarantining its file, so nothing of it is left running.
     */
    @Test
    void theUserUnitHealStopsTheRunningUserService() throws Exception {
        Runbook runbook = RunbookCatalog.builtIn().find("RB-LNX-PERSIST-001").orElseThrow();
        Attack attack = Attacks.load().all().stream().filter(a -> a.name().equals("RB-LNX-PERSIST-001.user-unit"))
                .findFirst().orElseThrow();
        RunbookRunner runner = new RunbookRunner(RunbookCatalog.builtIn());
        Baseline baseline = new Baseline(HardenedBaseline.siteParams());
        String user = "XDG_RUNTIME_DIR=/run/user/$(id -u) systemctl --user ";
        sh("linger", "sudo -n loginctl enable-linger osiris && i=0; while [ ! -S /run/user/$(id -u)/systemd/private ]"
                + " && [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1; done; [ -S /run/user/$(id -u)/systemd/private ]"
                + " || { sudo -n systemctl status --no-pager user@$(id -u).service >&2; sudo -n journalctl -b --no-pager -n 30 >&2; false; }");
        try {
            ScriptResult hit = await(runner.runScript(shell, target, "attack", attack.script(), Duration.ofSeconds(60)));
            assertThat(hit.exitCode()).as(hit.stderr()).isZero();
            // the payload the unit starts, then the unit started as its manager would at the next login
            sh("start", "mkdir -p ~/.cache/.x && printf '#!/bin/sh\\nexec sleep 600\\n' > ~/.cache/.x/run"
                    + " && chmod 0755 ~/.cache/.x/run && " + user + "daemon-reload && " + user + "start session-helper.service");
            assertThat(sh("active", user + "is-active session-helper.service || true")).isEqualTo("active");

            assertThat(detect(runner, runbook, baseline).status()).isEqualTo(Verdict.Status.DRIFTED);
            ScriptResult healed = await(runner.remediate(shell, target, runbook, baseline));
            assertThat(healed.exitCode()).as(healed.stderr()).isZero();
            assertThat(await(runner.verify(shell, target, runbook, baseline)).status()).isEqualTo(Verdict.Status.COMPLIANT);
            assertThat(sh("after", user + "is-active session-helper.service || true")).isNotEqualTo("active");
            assertThat(sh("payload", "pgrep -u osiris -x sleep || true")).as("the payload's process").isEmpty();
        } finally {
            sh("unlinger", "sudo -n loginctl disable-linger osiris");
        }
    }

    private static String sh(String name, String script) throws Exception {
        ScriptResult r = await(shell.run(Script.of(name, script, Duration.ofSeconds(30))));
        assertThat(r.exitCode()).as(name + " (stderr: " + r.stderr() + ")").isZero();
        return r.stdout().strip();
    }

    private static Verdict detect(RunbookRunner runner, Runbook runbook, Baseline baseline) throws Exception {
        Verdict v = await(runner.detect(shell, target, List.of(runbook), baseline)).get(runbook.id());
        return v;
    }

    private static String systemctl(String args) throws Exception {
        return await(shell.run(Script.of("systemctl", "sudo -n systemctl " + args + " 2>/dev/null", Duration.ofSeconds(30))))
                .stdout().strip();
    }
}
