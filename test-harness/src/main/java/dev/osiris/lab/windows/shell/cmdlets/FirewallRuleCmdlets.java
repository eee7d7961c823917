package dev.osiris.lab.windows.shell.cmdlets;

import static dev.osiris.lab.windows.shell.ps.ParamSpec.flag;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.named;

import dev.osiris.lab.windows.model.Firewall;
import dev.osiris.lab.windows.model.FirewallRules;
import dev.osiris.lab.windows.model.PsEnumValue;
import dev.osiris.lab.windows.shell.ps.Cmdlet;
import dev.osiris.lab.windows.shell.ps.CmdletCall;
import dev.osiris.lab.windows.shell.ps.CmdletRegistry;
import dev.osiris.lab.windows.shell.ps.ParamSpec;
import dev.osiris.lab.windows.shell.ps.PsConvert;
import dev.osiris.lab.windows.shell.ps.PsMembers;
import dev.osiris.lab.windows.shell.ps.PsObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * New-/Get-/Enable-/Disable-/Remove-NetFirewallRule and the Get-NetFirewall{Port,Address,Application}Filter views of
 * a rule, over {@link FirewallRules}. Get reads the persistent store (default) or the active store (local and Group
 * Policy rules); the changing cmdlets work on the persistent store only. Other stores, and the parameters not
 * registered here (remote ports, services, ICMP types, interfaces, owners), are refused as not modelled.
 */
final class FirewallRuleCmdlets {

    private static final String RULE_TYPE = "Microsoft.Management.Infrastructure.CimInstance#root/standardcimv2/MSFT_NetFirewallRule";

    private FirewallRuleCmdlets() {
    }

    /** Real parameters of the rule cmdlets that the emulator does not model: bound, then refused by name. */
    private static final List<String> UNMODELLED = List.of("RemotePort", "LocalAddress", "Service", "IcmpType",
            "InterfaceAlias", "InterfaceType", "Owner", "Package", "EdgeTraversalPolicy", "Authentication",
            "Encryption", "LocalUser", "RemoteUser", "RemoteMachine", "DynamicTarget", "OverrideBlockRules",
            "LooseSourceMapping", "LocalOnlyMapping", "Platform", "GPOSession", "DisplayGroup", "PolicyStoreSource",
            "PolicyStoreSourceType", "PrimaryStatus", "Status", "EnforcementStatus", "TracePolicyStore", "CimSession",
            "ThrottleLimit", "AsJob");

    static void register(CmdletRegistry r) {
        r.add("Get-NetFirewallRule", refusing(FirewallRuleCmdlets::get), with(named("Name", "ID"),
                named("DisplayName"), named("Direction"), named("Action"), named("Enabled"), named("PolicyStore"),
                flag("All"), named("Group"), named("Description")));
        r.add("New-NetFirewallRule", refusing(FirewallRuleCmdlets::create), with(named("Name", "ID"),
                named("DisplayName"), named("Description"), named("Group"), named("Direction"), named("Action"),
                named("Enabled"), named("Protocol"), named("LocalPort"), named("RemoteAddress"), named("Program"),
                named("Profile"), named("PolicyStore")));
        for (String verb : List.of("Enable", "Disable", "Remove")) {
            r.add(verb + "-NetFirewallRule", refusing(c -> change(c, verb)), with(named("Name", "ID"),
                    named("DisplayName"), named("InputObject"), named("PolicyStore"), flag("PassThru"),
                    named("Group"), named("Direction"), named("Action"), named("Enabled")));
        }
        r.add("Get-NetFirewallPortFilter", c -> filters(c, FirewallRuleCmdlets::portFilter),
                named("AssociatedNetFirewallRule"), named("PolicyStore"));
        r.add("Get-NetFirewallAddressFilter", c -> filters(c, FirewallRuleCmdlets::addressFilter),
                named("AssociatedNetFirewallRule"), named("PolicyStore"));
        r.add("Get-NetFirewallApplicationFilter", c -> filters(c, FirewallRuleCmdlets::applicationFilter),
                named("AssociatedNetFirewallRule"), named("PolicyStore"));
    }

    private static ParamSpec[] with(ParamSpec... modelled) {
        List<ParamSpec> all = new ArrayList<>(List.of(modelled));
        UNMODELLED.forEach(n -> all.add(named(n)));
        return all.toArray(ParamSpec[]::new);
    }

    /** Refuses a call that uses a real parameter not modelled, or a filter (Group, Direction...) not modelled there. */
    private static Cmdlet refusing(Cmdlet impl) {
        return c -> {
            for (String n : UNMODELLED) {
                if (c.has(n)) {
                    throw c.error("The Windows host emulator does not model -" + n + " of " + c.name() + ".",
                            "NotImplemented", "EmulatorUnsupported");
                }
            }
            for (String n : List.of("Group", "Description", "Direction", "Action", "Enabled")) {
                if (c.has(n) && !c.name().equals("New-NetFirewallRule")
                        && !(c.name().equals("Get-NetFirewallRule") && List.of("Direction", "Action", "Enabled").contains(n))) {
                    throw c.error("The Windows host emulator does not model selecting rules by -" + n + " in "
                            + c.name() + ".", "NotImplemented", "EmulatorUnsupported");
                }
            }
            impl.invoke(c);
        };
    }

    static PsObject toObject(FirewallRules.Rule rule) {
        return PsObject.of(RULE_TYPE).with("Name", rule.id()).with("ID", rule.id()).with("InstanceID", rule.id())
                .with("DisplayName", rule.displayName()).with("Description", rule.description())
                .with("Group", rule.group()).with("Enabled", Values.gpoBoolean(rule.enabled()))
                .with("Profile", profile(rule.profiles()))
                .with("Direction", new PsEnumValue("NetSecurity.Direction", rule.inbound() ? "Inbound" : "Outbound",
                        rule.inbound() ? 1 : 2))
                .with("Action", (rule.allow() ? Firewall.Action.ALLOW : Firewall.Action.BLOCK).asEnum())
                .with("PrimaryStatus", new PsEnumValue("NetSecurity.PrimaryStatus", "OK", 1))
                .with("PolicyStoreSource", rule.source() == FirewallRules.Source.LOCAL ? "PersistentStore" : "localhost")
                .with("PolicyStoreSourceType", new PsEnumValue("NetSecurity.PolicyStoreType", rule.source().psName,
                        rule.source() == FirewallRules.Source.LOCAL ? 1 : 2));
    }

    private static PsEnumValue profile(List<String> profiles) {
        if (profiles.isEmpty()) {
            return new PsEnumValue("NetSecurity.Profile", "Any", 0);
        }
        int bits = 0;
        List<String> names = new ArrayList<>();
        for (String p : Firewall.PROFILE_NAMES) {
            if (profiles.stream().anyMatch(p::equalsIgnoreCase)) {
                bits |= 1 << Firewall.PROFILE_NAMES.indexOf(p);
                names.add(p);
            }
        }
        return new PsEnumValue("NetSecurity.Profile", String.join(", ", names), bits);
    }

    private static List<FirewallRules.Rule> store(CmdletCall c, boolean mayReadActive) {
        String store = c.has("PolicyStore") ? c.string("PolicyStore") : "PersistentStore";
        try {
            if (store.equalsIgnoreCase("PersistentStore")) {
                return c.host().firewallRules().local();
            }
            if (mayReadActive && store.equalsIgnoreCase("ActiveStore")) {
                return c.host().firewallRules().active();
            }
        } catch (FirewallRules.UnmodelledRuleException e) {
            throw c.error(e.getMessage(), "NotImplemented", "EmulatorUnsupported");
        }
        throw c.error("The Windows host emulator does not model the firewall policy store '" + store + "' for "
                + c.name() + " (only PersistentStore" + (mayReadActive ? " and ActiveStore" : "") + ").",
                "NotImplemented", "EmulatorUnsupported");
    }

    private static void get(CmdletCall c) {
        List<String> names = c.has("Name") ? c.strings("Name") : List.of();
        List<String> displays = c.has("DisplayName") ? c.strings("DisplayName") : List.of();
        List<FirewallRules.Rule> matched = new ArrayList<>();
        for (FirewallRules.Rule rule : store(c, true)) {
            if (Values.matchesAny(rule.id(), names) && Values.matchesAny(rule.displayName(), displays)
                    && (!c.has("Direction") || direction(c) == rule.inbound())
                    && (!c.has("Action") || action(c) == rule.allow())
                    && (!c.has("Enabled") || Values.parseGpoBoolean(c, "Enabled") == rule.enabled())) {
                matched.add(rule);
            }
        }
        for (String n : names) {
            if (!Values.isWildcard(n) && matched.stream().noneMatch(r -> r.id().equalsIgnoreCase(n))) {
                c.writeError(c.notFound("No MSFT_NetFirewallRule objects found with property 'InstanceID' equal to '"
                        + n + "'.  Verify the value of the property and retry.", n));
            }
        }
        matched.forEach(r -> c.emit(toObject(r)));
    }

    private static boolean direction(CmdletCall c) {
        String d = c.string("Direction");
        if (d.equalsIgnoreCase("Inbound") || d.equalsIgnoreCase("Outbound")) {
            return d.equalsIgnoreCase("Inbound");
        }
        throw enumError(c, "Direction", d, "NetSecurity.Direction", "Inbound, Outbound");
    }

    private static boolean action(CmdletCall c) {
        String a = c.string("Action");
        if (a.equalsIgnoreCase("Allow") || a.equalsIgnoreCase("Block")) {
            return a.equalsIgnoreCase("Allow");
        }
        throw enumError(c, "Action", a, "NetSecurity.Action", "NotConfigured, Allow, Block");
    }

    private static RuntimeException enumError(CmdletCall c, String param, String value, String type, String names) {
        return c.error("Cannot process argument transformation on parameter '" + param + "'. Cannot convert value \""
                + value + "\" to type \"" + type + "\". Specify one of the following enumerator names and try again: "
                + names, "InvalidData", "ParameterArgumentTransformationError");
    }

    private static void create(CmdletCall c) {
        if (!c.has("DisplayName")) {
            throw c.error("Cannot process command because of one or more missing mandatory parameters: DisplayName.",
                    "InvalidArgument", "MissingMandatoryParameter");
        }
        store(c, false);
        Integer protocol = protocol(c);
        List<String> ports = any(c, "LocalPort");
        if (!ports.isEmpty() && (protocol == null || (protocol != 6 && protocol != 17))) {
            throw c.error("The Windows host emulator does not model LocalPort with a protocol other than TCP or UDP.",
                    "NotImplemented", "EmulatorUnsupported");
        }
        for (String p : ports) {
            if (!p.matches("\\d{1,5}(-\\d{1,5})?")) {
                throw c.error("The Windows host emulator does not model the port keyword '" + p + "' (only numbers, "
                        + "ranges and Any).", "NotImplemented", "EmulatorUnsupported");
            }
        }
        List<String> profiles = any(c, "Profile");
        for (String p : profiles) {
            if (Firewall.PROFILE_NAMES.stream().noneMatch(p::equalsIgnoreCase)) {
                throw enumError(c, "Profile", p, "NetSecurity.Profile", "Any, Domain, Private, Public, NotApplicable");
            }
        }
        String program = c.has("Program") && !c.string("Program").equalsIgnoreCase("Any") ? c.string("Program") : null;
        FirewallRules.Rule rule = new FirewallRules.Rule(
                c.has("Name") ? c.string("Name") : "{" + UUID.randomUUID() + "}", c.string("DisplayName"),
                c.has("Group") ? c.string("Group") : null, c.has("Description") ? c.string("Description") : null,
                !c.has("Direction") || direction(c), !c.has("Action") || action(c),
                !c.has("Enabled") || Values.parseGpoBoolean(c, "Enabled"), protocol, profiles, ports,
                any(c, "RemoteAddress"), program, FirewallRules.Source.LOCAL);
        if (c.host().firewallRules().local(rule.id()).isPresent()) {
            throw c.error("Cannot create a file when that file already exists.", "ResourceExists",
                    "Windows System Error 183");
        }
        c.host().firewallRules().putLocal(rule);
        c.emit(toObject(rule));
    }

    private static Integer protocol(CmdletCall c) {
        String p = c.has("Protocol") ? c.string("Protocol") : "Any";
        return switch (p.toUpperCase(Locale.ROOT)) {
            case "ANY" -> null;
            case "TCP", "6" -> 6;
            case "UDP", "17" -> 17;
            case "ICMPV4", "1" -> 1;
            case "ICMPV6", "58" -> 58;
            default -> throw c.error("The Windows host emulator does not model the protocol '" + p
                    + "' (only Any, TCP, UDP, ICMPv4, ICMPv6).", "NotImplemented", "EmulatorUnsupported");
        };
    }

    /** A list parameter where Any (or absence) means no condition. */
    private static List<String> any(CmdletCall c, String param) {
        if (!c.has(param)) {
            return List.of();
        }
        List<String> values = c.strings(param).stream().flatMap(s -> List.of(s.split(",")).stream()).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        return values.stream().anyMatch(v -> v.equalsIgnoreCase("Any")) ? List.of() : values;
    }

    private static List<String> ids(CmdletCall c) {
        List<String> ids = new ArrayList<>();
        for (Object o : PsConvert.toList(c.has("InputObject") ? c.get("InputObject") : c.input())) {
            if (!"PersistentStore".equals(PsConvert.toStr(PsMembers.get(o, "PolicyStoreSource")))) {
                throw c.error("The Windows host emulator does not model changing a rule of the Group Policy store ("
                        + PsConvert.toStr(PsMembers.get(o, "Name")) + "); only PersistentStore rules.",
                        "NotImplemented", "EmulatorUnsupported");
            }
            ids.add(PsConvert.toStr(PsMembers.get(o, "Name")));
        }
        return ids;
    }

    private static void change(CmdletCall c, String verb) {
        List<String> byInput = ids(c);
        if (c.hasInput() && byInput.isEmpty() && !c.has("InputObject") && !c.has("Name") && !c.has("DisplayName")) {
            return; // an empty pipeline: no rule to change, as on Windows
        }
        if (byInput.isEmpty() && !c.has("Name") && !c.has("DisplayName")) {
            throw c.error("Parameter set cannot be resolved using the specified named parameters.", "InvalidArgument",
                    "AmbiguousParameterSet");
        }
        List<String> names = c.has("Name") ? c.strings("Name") : List.of();
        List<String> displays = c.has("DisplayName") ? c.strings("DisplayName") : List.of();
        List<FirewallRules.Rule> hit = store(c, false).stream().filter(r -> byInput.isEmpty()
                ? Values.matchesAny(r.id(), names) && Values.matchesAny(r.displayName(), displays)
                : byInput.stream().anyMatch(r.id()::equalsIgnoreCase)).toList();
        if (hit.isEmpty()) {
            String what = names.isEmpty() ? String.join(",", displays.isEmpty() ? byInput : displays) : String.join(",", names);
            throw c.notFound("No MSFT_NetFirewallRule objects found with property '" + (names.isEmpty() && !displays.isEmpty()
                    ? "DisplayName" : "InstanceID") + "' equal to '" + what + "'.  Verify the value of the property and "
                    + "retry.", what);
        }
        for (FirewallRules.Rule r : hit) {
            if (verb.equals("Remove")) {
                c.host().firewallRules().removeLocal(r.id());
                continue;
            }
            FirewallRules.Rule updated = r.withEnabled(verb.equals("Enable"));
            c.host().firewallRules().putLocal(updated);
            if (c.flag("PassThru")) {
                c.emit(toObject(updated));
            }
        }
    }

    private interface FilterView {
        PsObject of(FirewallRules.Rule rule);
    }

    private static void filters(CmdletCall c, FilterView view) {
        List<Object> input = PsConvert.toList(c.has("AssociatedNetFirewallRule") ? c.get("AssociatedNetFirewallRule") : c.input());
        if (input.isEmpty() && c.hasInput() && !c.has("AssociatedNetFirewallRule")) {
            return;
        }
        if (input.isEmpty()) {
            throw c.error("The Windows host emulator does not model " + c.name() + " without a rule "
                    + "(-AssociatedNetFirewallRule or pipeline input).", "NotImplemented", "EmulatorUnsupported");
        }
        List<FirewallRules.Rule> all;
        try {
            all = c.host().firewallRules().active();
        } catch (FirewallRules.UnmodelledRuleException e) {
            throw c.error(e.getMessage(), "NotImplemented", "EmulatorUnsupported");
        }
        for (Object o : input) {
            String id = PsConvert.toStr(PsMembers.get(o, "Name"));
            String type = PsConvert.toStr(PsMembers.get(o, "PolicyStoreSourceType"));
            all.stream().filter(r -> r.id().equalsIgnoreCase(id) && r.source().psName.equalsIgnoreCase(type))
                    .findFirst().ifPresentOrElse(r -> c.emit(view.of(r)), () -> c.writeError(c.notFound(
                            "No MSFT_NetFirewallRule objects found with property 'InstanceID' equal to '" + id
                                    + "'.  Verify the value of the property and retry.", id)));
        }
    }

    private static Object anyOr(List<String> values) {
        return values.isEmpty() ? "Any" : values.size() == 1 ? values.getFirst() : new ArrayList<Object>(values);
    }

    private static PsObject portFilter(FirewallRules.Rule r) {
        String protocol = r.protocol() == null ? "Any" : switch (r.protocol()) {
            case 6 -> "TCP";
            case 17 -> "UDP";
            case 1 -> "ICMPv4";
            case 58 -> "ICMPv6";
            default -> String.valueOf(r.protocol());
        };
        return PsObject.of("Microsoft.Management.Infrastructure.CimInstance#root/standardcimv2/MSFT_NetProtocolPortFilter")
                .with("InstanceID", r.id()).with("Protocol", protocol).with("LocalPort", anyOr(r.localPorts()))
                .with("RemotePort", "Any");
    }

    private static PsObject addressFilter(FirewallRules.Rule r) {
        return PsObject.of("Microsoft.Management.Infrastructure.CimInstance#root/standardcimv2/MSFT_NetAddressFilter")
                .with("InstanceID", r.id()).with("LocalAddress", "Any").with("RemoteAddress", anyOr(r.remoteAddresses()));
    }

    private static PsObject applicationFilter(FirewallRules.Rule r) {
        return PsObject.of("Microsoft.Management.Infrastructure.CimInstance#root/standardcimv2/MSFT_NetApplicationFilter")
                .with("InstanceID", r.id()).with("Program", r.program() == null ? "Any" : r.program())
                .with("Package", null);
    }
}
