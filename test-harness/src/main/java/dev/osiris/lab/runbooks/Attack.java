package dev.osiris.lab.runbooks;

import dev.osiris.protocol.runbook.Platform;

/**
 * One chaos attack from {@code chaos-lab/attacks/}: a script that produces a runbook's drift the way it happens in
 * the field, run over the same transport as the agent.
 *
 * @param name    the file name without {@code .yaml} ({@code RB-WIN-FIREWALL-001.all-profiles-off})
 * @param runbook the runbook id whose drift it produces
 */
public record Attack(String name, String runbook, String title, Platform platform, String script) {
}
