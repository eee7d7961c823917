package dev.osiris.lab.windows.shell.natives;

import dev.osiris.lab.windows.model.Firewall;
import dev.osiris.lab.windows.model.FirewallRules;
import dev.osiris.lab.windows.shell.ShellContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * netsh advfirewall firewall add rule | delete rule, on the persistent store's rules. add takes name=, dir=,
 * action= (required, as netsh wants) and protocol=, localport=, remoteip=, program=, enable=, profile=,
 * description=; delete takes name= (and dir=). Other keys, and show/set rule, are refused as not modelled.
 */
final class NetshRules {

    private static final List<String> ADD_KEYS = List.of("name", "dir", "action", "protocol", "localport", "remoteip",
            "program", "enable", "profile", "description");

    private NetshRules() {
    }

    static int run(List<String> args, ShellContext ctx) {
        String verb = args.get(0).toLowerCase(Locale.ROOT);
        if (args.size() < 2 || !args.get(1).equalsIgnoreCase("rule") || !List.of("add", "delete").contains(verb)) {
            return Natives.refuse(ctx, "netsh", "netsh advfirewall firewall " + String.join(" ", args)
                    + " (only add rule and delete rule)");
        }
        Map<String, String> named = new LinkedHashMap<>();
        for (String arg : args.subList(2, args.size())) {
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg : arg.substring(0, eq).toLowerCase(Locale.ROOT);
            if (eq < 0 || !(verb.equals("add") ? ADD_KEYS : List.of("name", "dir")).contains(key)) {
                return Natives.refuse(ctx, "netsh", "netsh advfirewall firewall " + verb + " rule " + arg
                        + " (only " + String.join("=, ", verb.equals("add") ? ADD_KEYS : List.of("name", "dir")) + "=)");
            }
            named.put(key, unquote(arg.substring(eq + 1)));
        }
        return verb.equals("add") ? add(named, ctx) : delete(named, ctx);
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static int add(Map<String, String> n, ShellContext ctx) {
        if (!n.containsKey("name") || !n.containsKey("dir") || !n.containsKey("action")) {
            return Natives.refuse(ctx, "netsh", "netsh advfirewall firewall add rule without name=, dir= and action= "
                    + "(netsh prints its usage; the emulator does not model it)");
        }
        String dir = n.get("dir").toLowerCase(Locale.ROOT);
        String action = n.get("action").toLowerCase(Locale.ROOT);
        String enable = n.getOrDefault("enable", "yes").toLowerCase(Locale.ROOT);
        String protocol = n.getOrDefault("protocol", "any").toLowerCase(Locale.ROOT);
        if (!List.of("in", "out").contains(dir) || !List.of("allow", "block").contains(action)
                || !List.of("yes", "no").contains(enable) || !List.of("any", "tcp", "udp").contains(protocol)) {
            return Natives.refuse(ctx, "netsh", "netsh advfirewall firewall add rule with dir=" + dir + " action="
                    + action + " enable=" + enable + " protocol=" + protocol
                    + " (only dir=in|out, action=allow|block, enable=yes|no, protocol=any|tcp|udp)");
        }
        List<String> ports = any(n.get("localport"));
        if (!ports.isEmpty() && protocol.equals("any")
                || ports.stream().anyMatch(p -> !p.matches("\\d{1,5}(-\\d{1,5})?"))) {
            return Natives.refuse(ctx, "netsh", "netsh advfirewall firewall add rule localport=" + n.get("localport")
                    + " (only numbers and ranges, with protocol=tcp|udp)");
        }
        List<String> profiles = new ArrayList<>();
        for (String p : any(n.get("profile"))) {
            String match = Firewall.PROFILE_NAMES.stream().filter(p::equalsIgnoreCase).findFirst().orElse(null);
            if (match == null) {
                return Natives.refuse(ctx, "netsh", "netsh advfirewall firewall add rule profile=" + p
                        + " (only public, private, domain, any)");
            }
            profiles.add(match);
        }
        String program = n.get("program");
        // netsh gives each rule a fresh ID; the name= is the rule's display name, and need not be unique
        ctx.host().firewallRules().putLocal(new FirewallRules.Rule("{" + UUID.randomUUID() + "}", n.get("name"),
                null, n.get("description"), dir.equals("in"), action.equals("allow"), enable.equals("yes"),
                protocol.equals("tcp") ? Integer.valueOf(6) : protocol.equals("udp") ? Integer.valueOf(17) : null,
                profiles, ports, any(n.get("remoteip")), program == null || program.equalsIgnoreCase("any") ? null : program,
                FirewallRules.Source.LOCAL));
        ctx.output().stdout("Ok.\r\n\r\n");
        return 0;
    }

    private static int delete(Map<String, String> n, ShellContext ctx) {
        if (!n.containsKey("name")) {
            return Natives.refuse(ctx, "netsh", "netsh advfirewall firewall delete rule without name=");
        }
        String dir = n.getOrDefault("dir", "").toLowerCase(Locale.ROOT);
        List<FirewallRules.Rule> hit = ctx.host().firewallRules().local().stream()
                .filter(r -> r.displayName().equalsIgnoreCase(n.get("name"))
                        && (dir.isEmpty() || r.inbound() == dir.equals("in"))).toList();
        if (hit.isEmpty()) {
            ctx.output().stdout("No rules match the specified criteria.\r\n\r\n");
            return 1;
        }
        hit.forEach(r -> ctx.host().firewallRules().removeLocal(r.id()));
        ctx.output().stdout("\r\nDeleted " + hit.size() + " rule(s).\r\nOk.\r\n\r\n");
        return 0;
    }

    private static List<String> any(String value) {
        if (value == null) {
            return List.of();
        }
        List<String> out = List.of(value.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        return out.stream().anyMatch(s -> s.equalsIgnoreCase("any")) ? List.of() : out;
    }
}
