package dev.osiris.lab.windows.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FirewallPolicyTest {

    private final Registry registry = new Registry();
    private final Firewall.Profile localOn = new Firewall.Profile("Public", true, Firewall.Action.BLOCK,
            Firewall.Action.ALLOW, true, "pfirewall.log");

    @Test
    void withoutAPolicyTheActiveStoreIsTheLocalSetting() {
        assertThat(FirewallPolicy.effective(localOn, registry)).isEqualTo(localOn);
    }

    @Test
    void aGroupPolicyValueWinsOverTheLocalSetting() {
        registry.put(FirewallPolicy.key("Public"), RegistryValue.dword("EnableFirewall", 0));
        registry.put(FirewallPolicy.key("Public"), RegistryValue.dword("DefaultInboundAction", 0));

        Firewall.Profile active = FirewallPolicy.effective(localOn, registry);

        assertThat(active.enabled()).isFalse();
        assertThat(active.defaultInboundAction()).isEqualTo(Firewall.Action.ALLOW);
        assertThat(FirewallPolicy.effective(localOn.withEnabled(false), new Registry()).enabled()).isFalse();
    }

    @Test
    void aPolicyForAnotherProfileChangesNothingAndNotConfiguredTakesWindowsDefaults() {
        registry.put(FirewallPolicy.key("Domain"), RegistryValue.dword("EnableFirewall", 0));
        Firewall.Profile unset = new Firewall.Profile("Public", true, Firewall.Action.NOT_CONFIGURED,
                Firewall.Action.NOT_CONFIGURED, true, "pfirewall.log");

        Firewall.Profile active = FirewallPolicy.effective(unset, registry);

        assertThat(active.enabled()).isTrue();
        assertThat(active.defaultInboundAction()).isEqualTo(Firewall.Action.BLOCK);
        assertThat(active.defaultOutboundAction()).isEqualTo(Firewall.Action.ALLOW);
    }
}
