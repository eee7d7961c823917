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
 * @param technique the MITRE ATT&CK technique it carries out ({@code T1053.003}), or null where the file has none
 */
public record Attack(String name, String runbook, String title, Platform platform, Category category,
                     String script, String technique) {
}
