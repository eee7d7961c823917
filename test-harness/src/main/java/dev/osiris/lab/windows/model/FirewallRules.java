package dev.osiris.lab.windows.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Windows Defender Firewall rules, kept where Windows keeps them: one REG_SZ per rule, named by the rule's ID, under
 * {@link PolicyKeys#FIREWALL_LOCAL_RULES} (the persistent store) or {@link PolicyKeys#FIREWALL_POLICY_RULES} (what
 * Group Policy delivers), in Windows' encoding {@code v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=3389|
 * Name=...|}. An absent condition means Any. Keys outside {@link #KEYS} (remote ports, services, ICMP types,
 * interfaces, users) are not modelled: a rule carrying one is refused rather than read as broader than it is.
 */
public final class FirewallRules {

    /** Where a rule comes from; the wire names of NetSecurity.PolicyStoreSourceType. */
    public enum Source { LOCAL("Local"), GROUP_POLICY("GroupPolicy");

        public final String psName;

        Source(String psName) {
            this.psName = psName;
        }
    }

    /** The rule-string keys the emulator models. */
    public static final List<String> KEYS = List.of("Action", "Active", "Dir", "Protocol", "Profile", "LPort", "RA4",
            "RA6", "App", "Name", "Desc", "EmbedCtxt");

    /** One rule. Empty lists mean Any; {@code protocol} is the IANA number or null for Any. */
    public record Rule(String id, String displayName, String group, String description, boolean inbound, boolean allow,
                       boolean enabled, Integer protocol, List<String> profiles, List<String> localPorts,
                       List<String> remoteAddresses, String program, Source source) {

        public Rule withEnabled(boolean e) {
            return new Rule(id, displayName, group, description, inbound, allow, e, protocol, profiles, localPorts,
                    remoteAddresses, program, source);
        }

        /** Windows' encoding, as the registry holds it. */
        public String encode() {
            StringBuilder sb = new StringBuilder("v2.30|Action=").append(allow ? "Allow" : "Block")
                    .append("|Active=").append(enabled ? "TRUE" : "FALSE").append("|Dir=").append(inbound ? "In" : "Out");
            if (protocol != null) {
                sb.append("|Protocol=").append(protocol);
            }
            profiles.forEach(p -> sb.append("|Profile=").append(p));
            localPorts.forEach(p -> sb.append("|LPort=").append(p));
            remoteAddresses.forEach(a -> sb.append(a.contains(":") ? "|RA6=" : "|RA4=").append(a));
            if (program != null) {
                sb.append("|App=").append(program);
            }
            sb.append("|Name=").append(displayName);
            if (description != null) {
                sb.append("|Desc=").append(description);
            }
            if (group != null) {
                sb.append("|EmbedCtxt=").append(group);
            }
            return sb.append('|').toString();
        }
    }

    /** A rule string with something the emulator does not model; the message names it. */
    public static final class UnmodelledRuleException extends RuntimeException {
        public UnmodelledRuleException(String message) {
            super(message);
        }
    }

    private final Registry registry;

    public FirewallRules(Registry registry) {
        this.registry = registry;
    }

    /** The persistent store's rules. */
    public List<Rule> local() {
        return read(PolicyKeys.FIREWALL_LOCAL_RULES, Source.LOCAL);
    }

    /** What is in force: the local rules and the Group Policy ones (Windows merges both stores). */
    public List<Rule> active() {
        List<Rule> all = new ArrayList<>(local());
        all.addAll(read(PolicyKeys.FIREWALL_POLICY_RULES, Source.GROUP_POLICY));
        return all;
    }

    public Optional<Rule> local(String id) {
        return registry.value(PolicyKeys.FIREWALL_LOCAL_RULES, id)
                .map(v -> decode(id, String.valueOf(v.data()), Source.LOCAL));
    }

    /** Adds or replaces a rule of the persistent store. */
    public void putLocal(Rule rule) {
        registry.createKey(PolicyKeys.FIREWALL_LOCAL_RULES, true);
        registry.put(PolicyKeys.FIREWALL_LOCAL_RULES, RegistryValue.string(rule.id(), rule.encode()));
    }

    public boolean removeLocal(String id) {
        return registry.removeValue(PolicyKeys.FIREWALL_LOCAL_RULES, id);
    }

    private List<Rule> read(String key, Source source) {
        List<Rule> out = new ArrayList<>();
        registry.key(key).ifPresent(k -> k.values().forEach(v -> out.add(decode(v.name(), String.valueOf(v.data()), source))));
        return out;
    }

    static Rule decode(String id, String text, Source source) {
        String[] parts = text.split("\\|");
        if (parts.length < 2 || !parts[0].toLowerCase(Locale.ROOT).startsWith("v2.")) {
            throw new UnmodelledRuleException("firewall rule " + id + ": not a v2 rule string: " + text);
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].isEmpty()) {
                continue;
            }
            int eq = parts[i].indexOf('=');
            String key = eq < 0 ? parts[i] : parts[i].substring(0, eq);
            if (eq < 0 || !KEYS.contains(key)) {
                throw new UnmodelledRuleException("The Windows host emulator does not model the firewall rule field '"
                        + key + "' (rule " + id + "; modelled: " + String.join(", ", KEYS) + ")");
            }
            fields.computeIfAbsent(key, x -> new ArrayList<>()).add(parts[i].substring(eq + 1));
        }
        String action = one(fields, "Action", "Allow");
        String dir = one(fields, "Dir", "In");
        String active = one(fields, "Active", "TRUE");
        if (!List.of("allow", "block").contains(action.toLowerCase(Locale.ROOT))
                || !List.of("in", "out").contains(dir.toLowerCase(Locale.ROOT))
                || !List.of("true", "false").contains(active.toLowerCase(Locale.ROOT))) {
            throw new UnmodelledRuleException("firewall rule " + id + ": Action, Dir or Active not modelled in " + text);
        }
        String protocol = one(fields, "Protocol", null);
        List<String> remote = new ArrayList<>(fields.getOrDefault("RA4", List.of()));
        remote.addAll(fields.getOrDefault("RA6", List.of()));
        return new Rule(id, one(fields, "Name", id), one(fields, "EmbedCtxt", null), one(fields, "Desc", null),
                dir.equalsIgnoreCase("In"), action.equalsIgnoreCase("Allow"), active.equalsIgnoreCase("TRUE"),
                protocol == null ? null : protocolNumber(id, protocol), List.copyOf(fields.getOrDefault("Profile", List.of())),
                List.copyOf(fields.getOrDefault("LPort", List.of())), List.copyOf(remote), one(fields, "App", null), source);
    }

    private static Integer protocolNumber(String id, String protocol) {
        try {
            return Integer.valueOf(protocol);
        } catch (NumberFormatException e) {
            throw new UnmodelledRuleException("firewall rule " + id + ": Protocol=" + protocol + " is not a number");
        }
    }

    private static String one(Map<String, List<String>> fields, String key, String absent) {
        List<String> v = fields.get(key);
        return v == null || v.isEmpty() ? absent : v.getLast();
    }
}
