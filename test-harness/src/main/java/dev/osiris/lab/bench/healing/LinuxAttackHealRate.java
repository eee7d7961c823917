package dev.osiris.lab.bench.healing;

import dev.osiris.agent.remote.KnownHosts;
import dev.osiris.agent.remote.RemoteConfig;
import dev.osiris.agent.remote.RemoteShell;
import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.lab.linux.AgentKeyPair;
import dev.osiris.lab.linux.HardenedBaseline;
import dev.osiris.lab.linux.LinuxHostSpec;
import dev.osiris.lab.linux.LinuxLab;
import dev.osiris.lab.linux.LinuxLabHost;
import dev.osiris.lab.runbooks.Attack;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.runbook.Baseline;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.RunbookCatalog;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The heal rate over every Linux attack in {@code chaos-lab/attacks/linux}: each runs over the agent's SSH transport
 * (key login, passwordless sudo) on a fresh hardened lab host ({@link LinuxHostSpec#hardened}, compliant with every
 * Linux runbook), then {@link AttackHealRate} detects, decides and heals as the agent would. A fresh host per attack
 * so that no attack's leftovers (an escalated drift stays) count for or against the next. Part of
 * {@code ./osiris bench healing}; needs the Linux lab (root, network namespaces).
 */
public final class LinuxAttackHealRate {

    private static final String ACCOUNT = "osiris";
    /** One host at a time, always this one: the address is outside those the Linux ITs' and the default lab's hosts use. */
    private static final String NAME = "healrate";
    private static final String ADDRESS = "198.18.0.80";

    private final Vertx vertx;
    private final LinuxLab lab;
    private final Path keyDir;
    private final AttackHealRate rate;

    /**
     * @param lab    the caller's lab, available ({@link LinuxLab#availability()}); the caller closes it
     * @param keyDir an empty directory for the agent's key pair
     */
    public LinuxAttackHealRate(Vertx vertx, RunbookCatalog catalog, LinuxLab lab, Path keyDir) {
        this.vertx = vertx;
        this.lab = lab;
        this.keyDir = keyDir;
        this.rate = new AttackHealRate(catalog, new Baseline(HardenedBaseline.siteParams()));
    }

    /**
     * Every Linux attack, one fresh hardened host each.
     *
     * @throws IllegalStateException with the lab's reason where hosts cannot run, or naming an attack that failed
     */
    public List<AttackHealRate.Outcome> run(List<Attack> attacks) throws Exception {
        LinuxLab.Availability availability = lab.availability();
        if (!availability.available()) {
            throw new IllegalStateException("Linux lab unavailable: " + availability.reason());
        }
        AgentKeyPair key = AgentKeyPair.generate(Files.createDirectories(keyDir));
        RemoteShells shells = new RemoteShells(vertx, RemoteConfig.DEFAULTS.withTrustOnFirstUse(false), KnownHosts.inMemory());
        try {
            List<AttackHealRate.Outcome> out = new ArrayList<>();
            for (Attack a : attacks) {
                if (a.platform() == Platform.LINUX) {
                    out.add(one(shells, key, a));
                }
            }
            return out;
        } finally {
            shells.close();
        }
    }

    private AttackHealRate.Outcome one(RemoteShells shells, AgentKeyPair key, Attack attack) {
        LinuxLabHost host = lab.start(LinuxHostSpec.hardened(NAME, ADDRESS, ACCOUNT, key.publicKey())).await();
        try {
            Target target = host.keyTarget(key.privateKey());
            RemoteShell shell = shells.open(target).await();
            try {
                return rate.attackAndHeal(shell, target, attack);
            } finally {
                shell.close().await();
            }
        } finally {
            host.stop().await();
        }
    }
}
