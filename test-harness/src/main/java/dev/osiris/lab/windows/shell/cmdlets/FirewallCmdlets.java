package dev.osiris.lab.windows.shell.cmdlets;

import static dev.osiris.lab.windows.shell.ps.ParamSpec.flag;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.named;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.positional;

import dev.osiris.lab.windows.model.Firewall;
import dev.osiris.lab.windows.model.FirewallPolicy;
import dev.osiris.lab.windows.shell.ps.CmdletCall;
import dev.osiris.lab.windows.shell.ps.CmdletRegistry;
import dev.osiris.lab.windows.shell.ps.PsConvert;
import dev.osiris.lab.windows.shell.ps.PsMembers;
import dev.osiris.lab.windows.shell.ps.PsObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Get-/Set-NetFirewallProfile on the persistent store (the local settings, the default) or, for Get, the active
 * store (what is in force: Group Policy wins, see {@link FirewallPolicy}). Other stores (RSOP, a GPO by name) are
 * refused as not modelled.
 */
final class FirewallCmdlets {

    private FirewallCmdlets() {
    }

    static void register(CmdletRegistry r) {
        r.add("Get-NetFirewallProfile", FirewallCmdlets::get, positional("Name", 0, "Profile"), named("PolicyStore"),
                flag("All"));
        r.add("Set-NetFirewallProfile", FirewallCmdlets::set, positional("Name", 0, "Profile"), flag("All"),
                named("Enabled"), named("DefaultInboundAction"), named("DefaultOutboundAction"), named("LogBlocked"),
                named("LogFileName"), named("PolicyStore"), named("InputObject"), flag("PassThru"));
    }

    static PsObject toObject(Firewall.Profile p) {
        return PsObject.of("Microsoft.Management.Infrastructure.CimInstance#root/standardcimv2/MSFT_NetFirewallProfile")
                .with("Name", p.name()).with("Enabled", Values.gpoBoolean(p.enabled()))
                .with("DefaultInboundAction", p.defaultInboundAction().asEnum())
                .with("DefaultOutboundAction", p.defaultOutboundAction().asEnum())
                .with("AllowInboundRules", Values.gpoBoolean(true))
                .with("AllowLocalFirewallRules", Values.gpoBoolean(true))
                .with("NotifyOnListen", Values.gpoBoolean(false))
                .with("LogFileName", p.logFileName()).with("LogMaxSizeKilobytes", 4096)
                .with("LogAllowed", Values.gpoBoolean(false)).with("LogBlocked", Values.gpoBoolean(p.logBlocked()));
    }

    private static List<Firewall.Profile> selected(CmdletCall c) {
        List<String> names = new ArrayList<>();
        if (c.has("Name")) {
            names.addAll(c.strings("Name"));
        }
        for (Object o : PsConvert.toList(c.has("InputObject") ? c.get("InputObject") : c.input())) {
            names.add(PsConvert.toStr(PsMembers.get(o, "Name")));
        }
        List<Firewall.Profile> out = new ArrayList<>();
        for (Firewall.Profile p : c.host().firewall().profiles()) {
            if (names.isEmpty() || c.flag("All") || Values.matchesAny(p.name(), names)) {
                out.add(p);
            }
        }
        for (String n : names) {
            if (!Values.isWildcard(n) && c.host().firewall().profile(n).isEmpty()) {
                throw c.notFound("No MSFT_NetFirewallProfile objects found with property 'Name' equal to '" + n
                        + "'.  Verify the value of the property and retry.", n);
            }
        }
        return out;
    }

    private static void get(CmdletCall c) {
        boolean active = store(c, true);
        selected(c).forEach(p -> c.emit(toObject(active ? FirewallPolicy.effective(p, c.host().registry()) : p)));
    }

    /** True for the active store; the persistent store is the default; anything else is not modelled. */
    private static boolean store(CmdletCall c, boolean mayReadActive) {
        if (!c.has("PolicyStore")) {
            return false;
        }
        String store = c.string("PolicyStore");
        if (store.equalsIgnoreCase("PersistentStore")) {
            return false;
        }
        if (mayReadActive && store.equalsIgnoreCase("ActiveStore")) {
            return true;
        }
        throw c.error("The Windows host emulator does not model the firewall policy store '" + store + "' for "
                + c.name() + " (only PersistentStore" + (mayReadActive ? " and ActiveStore" : "") + ").",
                "NotImplemented", "EmulatorUnsupported");
    }

    private static void set(CmdletCall c) {
        if (!c.has("Name") && !c.flag("All") && c.input().isEmpty() && !c.has("InputObject")) {
            throw c.error("Parameter set cannot be resolved using the specified named parameters.", "InvalidArgument",
                    "AmbiguousParameterSet");
        }
        store(c, false);
        for (Firewall.Profile p : selected(c)) {
            Firewall.Profile updated = p;
            if (c.has("Enabled")) {
                updated = updated.withEnabled(Values.parseGpoBoolean(c, "Enabled"));
            }
            if (c.has("DefaultInboundAction")) {
                updated = updated.withDefaultInboundAction(action(c, "DefaultInboundAction"));
            }
            if (c.has("DefaultOutboundAction")) {
                updated = updated.withDefaultOutboundAction(action(c, "DefaultOutboundAction"));
            }
            if (c.has("LogBlocked")) {
                updated = new Firewall.Profile(updated.name(), updated.enabled(), updated.defaultInboundAction(),
                        updated.defaultOutboundAction(), Values.parseGpoBoolean(c, "LogBlocked"), updated.logFileName());
            }
            if (c.has("LogFileName")) {
                updated = new Firewall.Profile(updated.name(), updated.enabled(), updated.defaultInboundAction(),
                        updated.defaultOutboundAction(), updated.logBlocked(), c.string("LogFileName"));
            }
            c.host().firewall().update(updated);
            if (c.flag("PassThru")) {
                c.emit(toObject(updated));
            }
        }
    }

    private static Firewall.Action action(CmdletCall c, String param) {
        String v = c.string(param);
        return Firewall.Action.parse(v).orElseThrow(() -> c.error("Cannot process argument transformation on parameter '"
                + param + "'. Cannot convert value \"" + v + "\" to type \"NetSecurity.Action\". Specify one of the "
                + "following enumerator names and try again: NotConfigured, Allow, Block", "InvalidData",
                "ParameterArgumentTransformationError"));
    }
}
