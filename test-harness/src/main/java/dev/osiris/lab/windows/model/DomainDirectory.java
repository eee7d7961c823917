package dev.osiris.lab.windows.model;

import java.util.Locale;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Active Directory groups a domain controller serves (members by sAMAccountName). Thread-safe. */
public final class DomainDirectory {

    public record Member(String samAccountName, String objectClass) {
    }

    private final String dnsDomain;
    private final Map<String, List<Member>> groups = new LinkedHashMap<>();

    public DomainDirectory(String dnsDomain) {
        this.dnsDomain = dnsDomain;
    }

    public String dnsDomain() {
        return dnsDomain;
    }

    /** {@code DC=nvdental,DC=local}. */
    public String baseDn() {
        return "DC=" + String.join(",DC=", dnsDomain.split("\\."));
    }

    public synchronized void addGroup(String name, List<Member> members) {
        groups.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(members));
    }

    public synchronized Optional<List<Member>> members(String group) {
        List<Member> m = groups.get(group.toLowerCase(Locale.ROOT));
        return m == null ? Optional.empty() : Optional.of(List.copyOf(m));
    }

    public synchronized boolean addMember(String group, Member member) {
        List<Member> m = groups.get(group.toLowerCase(Locale.ROOT));
        if (m == null || m.stream().anyMatch(x -> x.samAccountName().equalsIgnoreCase(member.samAccountName()))) {
            return false;
        }
        return m.add(member);
    }

    public synchronized boolean removeMember(String group, String sam) {
        List<Member> m = groups.get(group.toLowerCase(Locale.ROOT));
        return m != null && m.removeIf(x -> x.samAccountName().equalsIgnoreCase(sam));
    }
}
