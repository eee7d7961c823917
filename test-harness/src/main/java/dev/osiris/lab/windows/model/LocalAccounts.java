package dev.osiris.lab.windows.model;

import java.util.Locale;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Local users and local groups (members as qualified names, e.g. NVDENTAL\\Domain Admins). Thread-safe. */
public final class LocalAccounts {

    public record User(String name, boolean enabled, String description, Instant passwordLastSet, String sid) {
        public User withEnabled(boolean e) {
            return new User(name, e, description, passwordLastSet, sid);
        }
    }

    /**
     * A group member: qualified name, "User" or "Group", "Local" or "ActiveDirectory". An orphaned member (a
     * deleted domain account whose SID stays in the group, as on many field hosts) has its SID as name and
     * objectClass "Unknown".
     */
    public record Member(String name, String objectClass, String principalSource) {
        public static Member orphanedSid(String sid) {
            return new Member(sid, "Unknown", "Unknown");
        }

        public boolean orphaned() {
            return objectClass.equals("Unknown");
        }
    }

    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, List<Member>> groups = new LinkedHashMap<>();
    private final Map<String, String> groupNames = new LinkedHashMap<>();

    public synchronized void addUser(User user) {
        users.put(user.name().toLowerCase(Locale.ROOT), user);
    }

    public synchronized List<User> users() {
        return new ArrayList<>(users.values());
    }

    public synchronized Optional<User> user(String name) {
        return Optional.ofNullable(users.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Removes a user and its group memberships; false if absent. */
    public synchronized boolean removeUser(String name, String hostName) {
        if (users.remove(name.toLowerCase(Locale.ROOT)) == null) {
            return false;
        }
        groups.values().forEach(m -> m.removeIf(x -> x.name().equalsIgnoreCase(hostName + "\\" + name)));
        return true;
    }

    /** Renames a user: its SID stays, its group memberships follow it (as Rename-LocalUser does). */
    public synchronized void rename(String name, String newName, String hostName) {
        User u = user(name).orElseThrow(() -> new IllegalArgumentException("no user " + name));
        users.remove(name.toLowerCase(Locale.ROOT));
        users.put(newName.toLowerCase(Locale.ROOT), new User(newName, u.enabled(), u.description(), u.passwordLastSet(), u.sid()));
        for (List<Member> members : groups.values()) {
            members.replaceAll(m -> m.name().equalsIgnoreCase(hostName + "\\" + u.name())
                    ? new Member(hostName + "\\" + newName, m.objectClass(), m.principalSource()) : m);
        }
    }

    public synchronized void setEnabled(String name, boolean enabled) {
        User u = user(name).orElseThrow(() -> new IllegalArgumentException("no user " + name));
        users.put(name.toLowerCase(Locale.ROOT), u.withEnabled(enabled));
    }

    public synchronized void addGroup(String name, List<Member> members) {
        groups.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(members));
        groupNames.put(name.toLowerCase(Locale.ROOT), name);
    }

    public synchronized List<String> groupNames() {
        return new ArrayList<>(groupNames.values());
    }

    public synchronized Optional<List<Member>> members(String group) {
        List<Member> m = groups.get(group.toLowerCase(Locale.ROOT));
        return m == null ? Optional.empty() : Optional.of(List.copyOf(m));
    }

    /** Adds a member; returns false if the group does not exist or the member is already in it. */
    public synchronized boolean addMember(String group, Member member) {
        List<Member> m = groups.get(group.toLowerCase(Locale.ROOT));
        if (m == null || m.stream().anyMatch(x -> x.name().equalsIgnoreCase(member.name()))) {
            return false;
        }
        return m.add(member);
    }

    /** Removes a member by qualified or short name; returns false if absent. */
    public synchronized boolean removeMember(String group, String member) {
        List<Member> m = groups.get(group.toLowerCase(Locale.ROOT));
        return m != null && m.removeIf(x -> x.name().equalsIgnoreCase(member)
                || x.name().substring(x.name().indexOf('\\') + 1).equalsIgnoreCase(member));
    }
}
