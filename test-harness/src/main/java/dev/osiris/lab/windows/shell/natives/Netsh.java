package dev.osiris.lab.windows.shell.natives;

import dev.osiris.lab.windows.model.Firewall;
import dev.osiris.lab.windows.shell.NativeCommand;
import dev.osiris.lab.windows.shell.ShellContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** netsh.exe advfirewall: set/show allprofiles|domainprofile|privateprofile|publicprofile state. */
final class Netsh implements NativeCommand {

    @Override
    public int run(List<String> args, ShellContext ctx) {
        List<String> a = args.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        if (a.size() >= 4 && a.get(0).equals("advfirewall") && a.get(1).equals("firewall")) {
            return NetshRules.run(args.subList(2, args.size()), ctx);
        }
        if (a.size() >= 3 && a.get(0).equals("advfirewall") && a.get(1).equals("set")) {
            return set(a, ctx);
        }
        if (a.size() >= 3 && a.get(0).equals("advfirewall") && a.get(1).equals("show")) {
            return show(a, ctx);
        }
        if (a.size() >= 3 && a.get(0).equals("interface") && List.of("ip", "ipv4", "ipv6").contains(a.get(1))) {
            return dns(args, ctx);
        }
        ctx.output().stdout("The following command was not found: " + String.join(" ", args) + ".\r\n");
        return 1;
    }

    /**
     * netsh interface ip|ipv4|ipv6 set dns[servers] name=X static ADDR [primary] [validate=no] | dhcp, and add dns
     * name=X ADDR: the DNS client's servers of that family. Other interface commands (addresses, routes, wins) are
     * not modelled. Validation (netsh queries the server) is not modelled either: the setting is made silently.
     */
    private static int dns(List<String> args, ShellContext ctx) {
        boolean ipv6 = args.get(1).equalsIgnoreCase("ipv6");
        String verb = args.get(2).toLowerCase(Locale.ROOT);
        String what = args.size() > 3 ? args.get(3).toLowerCase(Locale.ROOT) : "";
        if (!List.of("set", "add").contains(verb) || !List.of("dns", "dnsservers", "dnsserver").contains(what)) {
            return Natives.refuse(ctx, "netsh", "netsh interface " + String.join(" ", args.subList(1, Math.min(4, args.size())))
                    + " (only set dns and add dns)");
        }
        java.util.Map<String, String> named = new java.util.HashMap<>();
        List<String> plain = new java.util.ArrayList<>();
        for (String arg : args.subList(4, args.size())) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                named.put(arg.substring(0, eq).toLowerCase(Locale.ROOT), arg.substring(eq + 1));
            } else {
                plain.add(arg);
            }
        }
        for (String key : named.keySet()) {
            if (!List.of("name", "source", "address", "validate", "index").contains(key)) {
                return Natives.refuse(ctx, "netsh", "netsh interface ... dns " + key + "= (only name=, source=, address=, validate=, index=)");
            }
        }
        String name = named.containsKey("name") ? named.get("name") : plain.isEmpty() ? null : plain.removeFirst();
        var iface = name == null ? java.util.Optional.<dev.osiris.lab.windows.model.DnsClient.Interface>empty()
                : ctx.host().dnsClient().byAlias(name);
        if (iface.isEmpty()) {
            ctx.output().stdout("The filename, directory name, or volume label syntax is incorrect.\r\n\r\n");
            return 1;
        }
        String source = named.containsKey("source") ? named.get("source")
                : verb.equals("add") ? "static" : plain.isEmpty() ? "" : plain.removeFirst();
        source = source.toLowerCase(Locale.ROOT);
        String address = named.containsKey("address") ? named.get("address") : plain.isEmpty() ? null : plain.removeFirst();
        var current = ipv6 ? iface.get().ipv6ServerAddresses() : iface.get().serverAddresses();
        List<String> servers;
        if (source.equals("dhcp")) {
            servers = List.of();
        } else if (source.equals("static") && address != null) {
            boolean v6 = address.contains(":");
            if (v6 != ipv6 && !address.equalsIgnoreCase("none")) {
                ctx.output().stdout("The parameter is incorrect.\r\n\r\n");
                return 1;
            }
            servers = address.equalsIgnoreCase("none") ? List.of()
                    : verb.equals("add") ? java.util.stream.Stream.concat(current.stream(), java.util.stream.Stream.of(address)).toList()
                    : List.of(address);
        } else {
            return Natives.refuse(ctx, "netsh", "netsh interface " + args.get(1) + " " + verb + " dns with "
                    + String.join(" ", args.subList(4, args.size())) + " (only static ADDRESS, dhcp, add)");
        }
        ctx.host().dnsClient().setServers(iface.get().alias(), ipv6, servers);
        return 0;
    }

    private static List<String> profiles(String selector, ShellContext ctx) {
        return switch (selector) {
            case "allprofiles" -> Firewall.PROFILE_NAMES;
            case "domainprofile" -> List.of("Domain");
            case "privateprofile" -> List.of("Private");
            case "publicprofile", "currentprofile" -> List.of(selector.equals("publicprofile") ? "Public" : "Domain");
            default -> List.of();
        };
    }

    private int set(List<String> a, ShellContext ctx) {
        List<String> names = profiles(a.get(2), ctx);
        if (names.isEmpty() || a.size() < 5) {
            return notFound(a, ctx);
        }
        String setting = a.get(3);
        String value = a.get(4);
        for (String n : names) {
            Firewall.Profile p = ctx.host().firewall().profile(n).orElseThrow();
            switch (setting) {
                case "state" -> {
                    if (!value.equals("on") && !value.equals("off")) {
                        return badValue(ctx);
                    }
                    p = p.withEnabled(value.equals("on"));
                }
                case "firewallpolicy" -> {
                    String[] parts = value.split(",");
                    if (parts.length != 2) {
                        return badValue(ctx);
                    }
                    p = p.withDefaultInboundAction(parts[0].startsWith("block") ? Firewall.Action.BLOCK : Firewall.Action.ALLOW)
                            .withDefaultOutboundAction(parts[1].startsWith("block") ? Firewall.Action.BLOCK : Firewall.Action.ALLOW);
                }
                default -> {
                    return notFound(a, ctx);
                }
            }
            ctx.host().firewall().update(p);
        }
        ctx.output().stdout("Ok.\r\n\r\n");
        return 0;
    }

    private int show(List<String> a, ShellContext ctx) {
        List<String> names = profiles(a.get(2), ctx);
        if (names.isEmpty()) {
            return notFound(a, ctx);
        }
        boolean stateOnly = a.size() > 3 && a.get(3).equals("state");
        StringBuilder sb = new StringBuilder();
        for (String n : new ArrayList<>(names)) {
            Firewall.Profile p = ctx.host().firewall().profile(n).orElseThrow();
            sb.append("\r\n").append(n).append(" Profile Settings: \r\n").append("-".repeat(70)).append("\r\n");
            row(sb, "State", p.enabled() ? "ON" : "OFF");
            if (!stateOnly) {
                row(sb, "Firewall Policy", policy(p.defaultInboundAction(), "Inbound") + ","
                        + policy(p.defaultOutboundAction(), "Outbound"));
                row(sb, "LocalFirewallRules", "N/A (GPO-store only)");
                row(sb, "LocalConSecRules", "N/A (GPO-store only)");
                row(sb, "InboundUserNotification", "Disable");
                row(sb, "RemoteManagement", "Disable");
                row(sb, "UnicastResponseToMulticast", "Enable");
                sb.append("\r\nLogging:\r\n");
                row(sb, "LogAllowedConnections", "Disable");
                row(sb, "LogDroppedConnections", p.logBlocked() ? "Enable" : "Disable");
                row(sb, "FileName", p.logFileName());
                row(sb, "MaxFileSize", "4096");
            }
        }
        ctx.output().stdout(sb.append("\r\nOk.\r\n\r\n").toString());
        return 0;
    }

    private static String policy(Firewall.Action action, String direction) {
        return (action == Firewall.Action.BLOCK ? "Block" : action == Firewall.Action.ALLOW ? "Allow" : "NotConfigured")
                + direction;
    }

    private static void row(StringBuilder sb, String k, String v) {
        sb.append(k).append(" ".repeat(Math.max(1, 38 - k.length()))).append(v).append("\r\n");
    }

    private static int badValue(ShellContext ctx) {
        ctx.output().stdout("A specified value is not valid.\r\n\r\n");
        return 1;
    }

    private static int notFound(List<String> a, ShellContext ctx) {
        ctx.output().stdout("The following command was not found: " + String.join(" ", a) + ".\r\n");
        return 1;
    }
}
