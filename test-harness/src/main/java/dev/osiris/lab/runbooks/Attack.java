package dev.osiris.lab.runbooks;

import dev.osiris.lab.chaos.Category;
import dev.osiris.protocol.runbook.Platform;

/**
 * One chaos attack from {@code chaos-lab/attacks/}: a script that produces a runbook's drift the way it happens in
 * the field, run over the same transport as the agent.
 *
 * @param name    the file name without {@code .yaml} ({@code RB-WIN-FIREWALL-001.all-profiles-off})
 * @param runbook  the runbook id whose drift it produces
 * @param category what kind of damage it does, for the campaigns' per-category heal rates
 * @param technique the MITRE ATT&CK technique it stands for ({@code T1562.004})
 * @param kind      how it makes the drift (cmdlet, native tool, registry, file, policy); null when the file does not
 *                  say
 * @param enforced  the drift is enforced by a policy: detection must report it in {@code enforcedBy} and the agent
 *                  must escalate rather than heal
 */
public record Attack(String name, String runbook, String title, Platform platform, Category category,
                     String script, String technique, AttackKind kind, boolean enforced) {

    /** An attack with a technique but no kind and no policy. */
    public Attack(String name, String runbook, String title, Platform platform, Category category, String script,
                  String technique) {
        this(name, runbook, title, platform, category, script, technique, null, false);
    }

    /** An attack without a technique, kind or policy (tests of the campaign machinery). */
    public Attack(String name, String runbook, String title, Platform platform, Category category, String script) {
        this(name, runbook, title, platform, category, script, "T0000", null, false);
    }
}
