package dev.osiris.lab.windows.model;

import java.util.Optional;

/**
 * The firewall as it is in force (the active store): a Group Policy value under
 * {@link PolicyKeys#FIREWALL_POLICY}{@code \<Name>Profile} wins over the local (persistent store) setting, and a
 * setting configured nowhere takes Windows' default (on, inbound blocked, outbound allowed), as on Windows.
 */
public final class FirewallPolicy {

    private FirewallPolicy() {
    }

    /** The policy key of one profile ({@code Domain}, {@code Private}, {@code Public}). */
    public static String key(String profile) {
        return PolicyKeys.FIREWALL_POLICY + "\\" + profile + "Profile";
    }

    public static Firewall.Profile effective(Firewall.Profile local, Registry registry) {
        String key = key(local.name());
        boolean enabled = dword(registry, key, "EnableFirewall").map(v -> v != 0).orElse(local.enabled());
        Firewall.Action inbound = dword(registry, key, "DefaultInboundAction")
                .map(v -> v != 0 ? Firewall.Action.BLOCK : Firewall.Action.ALLOW)
                .orElse(orDefault(local.defaultInboundAction(), Firewall.Action.BLOCK));
        Firewall.Action outbound = dword(registry, key, "DefaultOutboundAction")
                .map(v -> v != 0 ? Firewall.Action.BLOCK : Firewall.Action.ALLOW)
                .orElse(orDefault(local.defaultOutboundAction(), Firewall.Action.ALLOW));
        return new Firewall.Profile(local.name(), enabled, inbound, outbound, local.logBlocked(), local.logFileName());
    }

    private static Firewall.Action orDefault(Firewall.Action local, Firewall.Action windowsDefault) {
        return local == Firewall.Action.NOT_CONFIGURED ? windowsDefault : local;
    }

    private static Optional<Long> dword(Registry registry, String key, String name) {
        return registry.value(key, name).map(RegistryValue::asLong);
    }
}
