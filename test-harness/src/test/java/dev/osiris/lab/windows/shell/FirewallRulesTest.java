package dev.osiris.lab.windows.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osiris.lab.windows.model.FirewallRules;
import dev.osiris.lab.windows.model.PolicyKeys;
import dev.osiris.lab.windows.model.RegistryValue;
import dev.osiris.lab.windows.model.WindowsHost;
import org.junit.jupiter.api.Test;

/** Firewall rules through the cmdlets and netsh, kept in the registry where Windows keeps them. */
class FirewallRulesTest {

    private final WindowsHost host = WindowsHost.workstation("NVWS01");

    @Test
    void aRuleMadeByTheCmdletIsStoredInWindowsEncodingAndRemovable() {
        ShellRun made = ShellRun.ps(host, "New-NetFirewallRule -Name Probe -DisplayName 'Probe' -Protocol TCP -LocalPort 8080 | Out-Null");
        assertThat(made.stderr()).isEmpty();
        assertThat(host.registry().value(PolicyKeys.FIREWALL_LOCAL_RULES, "Probe").orElseThrow().data())
                .isEqualTo("v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=8080|Name=Probe|");
        ShellRun removed = ShellRun.ps(host, "Remove-NetFirewallRule -Name Probe; $n = @(Get-NetFirewallRule -Name Probe -ErrorAction SilentlyContinue).Count; $n");
        assertThat(removed.stdout()).isEqualTo("0\r\n");
        assertThat(removed.exitCode()).as(removed.stderr()).isZero();
        assertThat(host.firewallRules().local("Probe")).isEmpty();
    }

    @Test
    void netshAddsARuleByDisplayNameAndDeletesEveryRuleOfThatName() {
        assertThat(ShellRun.cmd(host, "netsh advfirewall firewall add rule name=\"Scan to PC\" dir=in action=allow").stdout())
                .isEqualTo("Ok.\r\n\r\n");
        FirewallRules.Rule rule = host.firewallRules().local().stream()
                .filter(r -> r.displayName().equals("Scan to PC")).findFirst().orElseThrow();
        assertThat(rule.inbound()).isTrue();
        assertThat(rule.localPorts()).isEmpty();
        assertThat(rule.remoteAddresses()).isEmpty();
        ShellRun deleted = ShellRun.cmd(host, "netsh advfirewall firewall delete rule name=\"Scan to PC\"");
        assertThat(deleted.stdout()).contains("Deleted 1 rule(s).");
        assertThat(host.firewallRules().local(rule.id())).isEmpty();
    }

    @Test
    void aGroupPolicyRuleIsInTheActiveStoreOnlyAndCannotBeDisabledLocally() {
        host.registry().createKey(PolicyKeys.FIREWALL_POLICY_RULES, true);
        host.registry().put(PolicyKeys.FIREWALL_POLICY_RULES,
                RegistryValue.string("Gpo1", "v2.30|Action=Allow|Active=TRUE|Dir=In|Name=GPO any|"));
        assertThat(ShellRun.ps(host, "[string](Get-NetFirewallRule -PolicyStore ActiveStore -Name Gpo1).PolicyStoreSourceType").stdout())
                .isEqualTo("GroupPolicy\r\n");
        ShellRun disable = ShellRun.ps(host, "Get-NetFirewallRule -PolicyStore ActiveStore -Name Gpo1 | Disable-NetFirewallRule");
        assertThat(disable.exitCode()).isNotZero();
        assertThat(disable.stderr()).contains("Windows host emulator");
    }

    @Test
    void aRuleStringWithAFieldNotModelledIsRefusedNotReadAsBroader() {
        host.registry().createKey(PolicyKeys.FIREWALL_POLICY_RULES, true);
        host.registry().put(PolicyKeys.FIREWALL_POLICY_RULES,
                RegistryValue.string("Gpo2", "v2.30|Action=Allow|Active=TRUE|Dir=In|RPort=443|Name=x|"));
        ShellRun r = ShellRun.ps(host, "Get-NetFirewallRule -PolicyStore ActiveStore");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("does not model the firewall rule field 'RPort'");
    }

    @Test
    void aRealParameterNotModelledIsRefusedByName() {
        ShellRun r = ShellRun.ps(host, "New-NetFirewallRule -DisplayName x -Protocol TCP -RemotePort 443");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).contains("does not model -RemotePort");
        assertThat(host.firewallRules().local()).noneMatch(rule -> rule.displayName().equals("x"));
    }
}
