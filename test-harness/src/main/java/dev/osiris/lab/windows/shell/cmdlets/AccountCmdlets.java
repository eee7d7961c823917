package dev.osiris.lab.windows.shell.cmdlets;

import static dev.osiris.lab.windows.shell.ps.ParamSpec.flag;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.named;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.positional;

import dev.osiris.lab.windows.model.AccountPolicy;
import dev.osiris.lab.windows.model.DomainDirectory;
import dev.osiris.lab.windows.model.LocalAccounts;
import dev.osiris.lab.windows.model.WindowsHost;
import dev.osiris.lab.windows.shell.ps.CmdletCall;
import dev.osiris.lab.windows.shell.ps.CmdletRegistry;
import dev.osiris.lab.windows.shell.ps.PsConvert;
import dev.osiris.lab.windows.shell.ps.PsMembers;
import dev.osiris.lab.windows.shell.ps.PsError;
import dev.osiris.lab.windows.shell.ps.PsObject;
import dev.osiris.lab.windows.shell.ps.PsSid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Local users and groups; on domain controllers also AD group membership and the domain password policy. */
final class AccountCmdlets {

    private AccountCmdlets() {
    }

    static void register(CmdletRegistry r) {
        r.add("Get-LocalUser", AccountCmdlets::getUser, positional("Name", 0), named("SID"));
        r.add("New-LocalUser", AccountCmdlets::newUser, positional("Name", 0), named("Password"), flag("NoPassword"),
                named("Description"), named("FullName"), flag("PasswordNeverExpires"), flag("AccountNeverExpires"),
                flag("UserMayNotChangePassword"), flag("Disabled"));
        r.add("Remove-LocalUser", c -> names(c).forEach(n -> {
            if (!c.host().localAccounts().removeUser(n, c.host().name())) {
                c.writeError(PsErrors.notFound(c, "User " + n + " was not found.", "UserNotFound", n));
            }
        }), positional("Name", 0), named("InputObject"), named("SID"));
        r.add("ConvertTo-SecureString", c -> c.emit(PsObject.of("System.Security.SecureString")
                .with("Length", c.string("String").length())), positional("String", 0), flag("AsPlainText"),
                flag("Force"), named("Key"));
        r.add("Disable-LocalUser", c -> setEnabled(c, false), positional("Name", 0), named("InputObject"), named("SID"));
        r.add("Enable-LocalUser", c -> setEnabled(c, true), positional("Name", 0), named("InputObject"), named("SID"));
        r.add("Rename-LocalUser", AccountCmdlets::rename, positional("Name", 0), positional("NewName", 1),
                named("InputObject"), named("SID"));
        r.add("Get-LocalGroup", c -> c.host().localAccounts().groupNames().stream()
                .filter(g -> !c.has("Name") || Values.matchesAny(g, c.strings("Name")))
                .filter(g -> !c.has("SID") || c.strings("SID").stream().map(sid -> BUILTIN_SIDS.get(sid.toUpperCase(java.util.Locale.ROOT)))
                        .anyMatch(en -> en != null && g.equalsIgnoreCase(c.host().language().localGroup(en))))
                .forEach(g -> c.emit(PsObject.of("Microsoft.PowerShell.Commands.LocalGroup").with("Name", g)
                        .with("SID", BUILTIN_SIDS.entrySet().stream()
                                .filter(e -> c.host().language().localGroup(e.getValue()).equalsIgnoreCase(g))
                                .map(java.util.Map.Entry::getKey).findFirst().map(PsSid::new).orElse(null))
                        .with("PrincipalSource", "Local"))), positional("Name", 0), named("SID"));
        r.add("Get-LocalGroupMember", AccountCmdlets::getMembers, positional("Group", 0, "Name"), positional("Member", 1),
                named("SID"));
        r.add("Add-LocalGroupMember", c -> changeMembers(c, true), positional("Group", 0, "Name"), positional("Member", 1),
                named("SID"));
        r.add("Remove-LocalGroupMember", c -> changeMembers(c, false), positional("Group", 0, "Name"), positional("Member", 1),
                named("SID"));
        r.addWhere(WindowsHost::isDomainController, "Get-ADGroupMember", AccountCmdlets::getAdMembers,
                positional("Identity", 0), flag("Recursive"), named("Server"));
        r.addWhere(WindowsHost::isDomainController, "Add-ADGroupMember", c -> changeAd(c, true),
                positional("Identity", 0), positional("Members", 1), named("Server"));
        r.addWhere(WindowsHost::isDomainController, "Remove-ADGroupMember", c -> changeAd(c, false),
                positional("Identity", 0), positional("Members", 1), named("Server"));
        r.addWhere(WindowsHost::isDomainController, "Get-ADDefaultDomainPasswordPolicy", AccountCmdlets::adPolicy,
                positional("Identity", 0), named("Server"));
    }

    private static PsObject userObject(LocalAccounts.User u) {
        return PsObject.of("Microsoft.PowerShell.Commands.LocalUser").with("Name", u.name()).with("Enabled", u.enabled())
                .with("Description", u.description()).with("PasswordLastSet", Values.date(u.passwordLastSet()))
                .with("LastLogon", null).with("SID", new PsSid(u.sid())).with("PrincipalSource", "Local")
                .with("ObjectClass", "User");
    }

    private static List<String> names(CmdletCall c) {
        List<String> names = new ArrayList<>();
        if (c.has("Name")) {
            names.addAll(c.strings("Name"));
        }
        for (Object o : c.has("InputObject") ? PsConvert.toList(c.get("InputObject")) : c.input()) {
            names.add(o instanceof PsObject p ? PsConvert.toStr(PsMembers.get(p, "Name")) : PsConvert.toStr(o));
        }
        return names;
    }

    private static void getUser(CmdletCall c) {
        List<String> names = names(c);
        List<LocalAccounts.User> users = c.host().localAccounts().users();
        if (names.isEmpty()) {
            users.forEach(u -> c.emit(userObject(u)));
            return;
        }
        for (String n : names) {
            List<LocalAccounts.User> hits = users.stream().filter(u -> Values.matchesAny(u.name(), List.of(n))).toList();
            if (hits.isEmpty() && !Values.isWildcard(n)) {
                c.writeError(PsErrors.notFound(c, "User " + n + " was not found.", "UserNotFound", n));
            }
            hits.forEach(u -> c.emit(userObject(u)));
        }
    }

    private static void newUser(CmdletCall c) {
        String name = c.string("Name");
        if (c.host().localAccounts().user(name).isPresent()) {
            throw c.error("User " + name + " already exists.", "ResourceExists", "UserExists");
        }
        if (!c.has("Password") && !c.flag("NoPassword")) {
            throw c.error("Windows PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.",
                    "InvalidOperation", "HostFunctionNotImplemented");
        }
        LocalAccounts.User u = new LocalAccounts.User(name, !c.flag("Disabled"),
                c.has("Description") ? c.string("Description") : "", c.host().clock().instant(),
                "S-1-5-21-1004336348-1177238915-682003330-" + (1100 + c.host().localAccounts().users().size()));
        c.host().localAccounts().addUser(u);
        c.emit(userObject(u));
    }

    private static void setEnabled(CmdletCall c, boolean enabled) {
        for (String n : names(c)) {
            if (c.host().localAccounts().user(n).isEmpty()) {
                c.writeError(PsErrors.notFound(c, "User " + n + " was not found.", "UserNotFound", n));
                continue;
            }
            c.host().localAccounts().setEnabled(n, enabled);
        }
    }

    private static void rename(CmdletCall c) {
        String newName = c.string("NewName");
        for (String n : names(c)) {
            if (c.host().localAccounts().user(n).isEmpty()) {
                c.writeError(PsErrors.notFound(c, "User " + n + " was not found.", "UserNotFound", n));
            } else if (c.host().localAccounts().user(newName).isPresent()) {
                c.writeError(c.error("The name " + newName + " is already in use.", "ResourceExists", "NameInUse"));
            } else {
                c.host().localAccounts().rename(n, newName, c.host().name());
            }
        }
    }

    /** Well-known SIDs of the builtin groups (-SID finds them whatever the display language names them). */
    private static final java.util.Map<String, String> BUILTIN_SIDS = java.util.Map.of(
            "S-1-5-32-544", "Administrators", "S-1-5-32-545", "Users", "S-1-5-32-555", "Remote Desktop Users",
            "S-1-5-32-580", "Remote Management Users");

    /** The group named by -Group, or by -SID (a builtin group's well-known SID). */
    private static String groupName(CmdletCall c) {
        if (c.has("SID")) {
            String sid = c.string("SID");
            String name = BUILTIN_SIDS.get(sid.toUpperCase(java.util.Locale.ROOT));
            if (name == null) {
                throw PsErrors.notFound(c, "Group " + sid + " was not found.", "GroupNotFound", sid);
            }
            return c.host().language().localGroup(name);
        }
        return c.string("Group");
    }

    private static List<LocalAccounts.Member> group(CmdletCall c, String group) {
        return c.host().localAccounts().members(group).orElseThrow(() ->
                PsErrors.notFound(c, "Group " + group + " was not found.", "GroupNotFound", group));
    }

    private static void getMembers(CmdletCall c) {
        String group = groupName(c);
        List<LocalAccounts.Member> members = group(c, group);
        if (members.stream().anyMatch(LocalAccounts.Member::orphaned)) {
            // PowerShell 5.1's Get-LocalGroupMember cannot resolve an orphaned SID and fails on the whole group
            throw PsError.of(c.name(), "Failed to compare two elements in the array.", "NotSpecified",
                    "InternalError,Microsoft.PowerShell.Commands.GetLocalGroupMemberCommand", group);
        }
        for (LocalAccounts.Member m : members) {
            if (!c.has("Member") || Values.matchesAny(m.name(), c.strings("Member"))
                    || Values.matchesAny(m.name().substring(m.name().indexOf('\\') + 1), c.strings("Member"))) {
                c.emit(PsObject.of("Microsoft.PowerShell.Commands.LocalPrincipal").with("Name", m.name())
                        .with("ObjectClass", m.objectClass()).with("PrincipalSource", m.principalSource())
                        .with("SID", new PsSid("S-1-5-21-0-0-0-" + Math.abs(m.name().hashCode() % 10000))));
            }
        }
    }

    private static void changeMembers(CmdletCall c, boolean add) {
        String group = groupName(c);
        group(c, group);
        for (Object o : PsConvert.toList(c.get("Member"))) {
            String member = o instanceof PsObject p ? PsConvert.toStr(PsMembers.get(p, "Name")) : PsConvert.toStr(o);
            String qualified = member.contains("\\") ? member : c.host().name() + "\\" + member;
            if (add) {
                boolean domain = !qualified.toUpperCase().startsWith(c.host().name() + "\\");
                if (!domain && c.host().localAccounts().user(member.substring(member.indexOf('\\') + 1)).isEmpty()) {
                    c.writeError(PsErrors.notFound(c, "Principal " + member + " was not found.", "PrincipalNotFound", member));
                    continue;
                }
                LocalAccounts.Member m = new LocalAccounts.Member(qualified, member.toLowerCase().contains("admins")
                        || member.toLowerCase().contains("users") ? "Group" : "User", domain ? "ActiveDirectory" : "Local");
                if (!c.host().localAccounts().addMember(group, m)) {
                    c.writeError(c.error(qualified + " is already a member of group " + group + ".", "ResourceExists",
                            "MemberExists"));
                }
            } else if (!c.host().localAccounts().removeMember(group, member)) {
                c.writeError(PsErrors.notFound(c, "Member " + member + " was not found in group " + group + ".",
                        "MemberNotFound", member));
            }
        }
    }

    private static DomainDirectory directory(CmdletCall c) {
        return c.host().domainDirectory().orElseThrow();
    }

    private static void getAdMembers(CmdletCall c) {
        DomainDirectory d = directory(c);
        String group = c.string("Identity");
        List<DomainDirectory.Member> members = d.members(group).orElseThrow(() -> PsErrors.notFound(c,
                "Cannot find an object with identity: '" + group + "' under: '" + d.baseDn() + "'.",
                "ActiveDirectoryCmdlet:Microsoft.ActiveDirectory.Management.ADIdentityNotFoundException", group));
        if (c.flag("Recursive")) {
            members = flattened(d, members, new java.util.HashSet<>(java.util.Set.of(group.toLowerCase(java.util.Locale.ROOT))));
        }
        for (DomainDirectory.Member m : members) {
            c.emit(PsObject.of("Microsoft.ActiveDirectory.Management.ADPrincipal").with("name", m.samAccountName())
                    .with("SamAccountName", m.samAccountName()).with("objectClass", m.objectClass())
                    .with("distinguishedName", "CN=" + m.samAccountName() + ",CN=Users," + d.baseDn())
                    .with("SID", new PsSid("S-1-5-21-1-2-3-" + Math.abs(m.samAccountName().hashCode() % 10000))));
        }
    }

    /** -Recursive: the users of nested groups instead of the groups, each once, as Get-ADGroupMember lists them. */
    private static List<DomainDirectory.Member> flattened(DomainDirectory d, List<DomainDirectory.Member> members,
                                                          java.util.Set<String> seen) {
        java.util.Map<String, DomainDirectory.Member> out = new java.util.LinkedHashMap<>();
        for (DomainDirectory.Member m : members) {
            if (!m.objectClass().equalsIgnoreCase("group")) {
                out.putIfAbsent(m.samAccountName().toLowerCase(java.util.Locale.ROOT), m);
            } else if (seen.add(m.samAccountName().toLowerCase(java.util.Locale.ROOT))) {
                d.members(m.samAccountName()).ifPresent(nested -> flattened(d, nested, seen)
                        .forEach(u -> out.putIfAbsent(u.samAccountName().toLowerCase(java.util.Locale.ROOT), u)));
            }
        }
        return List.copyOf(out.values());
    }

    private static void changeAd(CmdletCall c, boolean add) {
        DomainDirectory d = directory(c);
        String group = c.string("Identity");
        if (d.members(group).isEmpty()) {
            throw PsErrors.notFound(c, "Cannot find an object with identity: '" + group + "' under: '" + d.baseDn() + "'.",
                    "ActiveDirectoryCmdlet:Microsoft.ActiveDirectory.Management.ADIdentityNotFoundException", group);
        }
        if (!add) {
            c.requireConfirmation();
        }
        for (Object o : PsConvert.toList(c.get("Members"))) {
            String sam = o instanceof PsObject p ? PsConvert.toStr(PsMembers.get(p, "SamAccountName")) : PsConvert.toStr(o);
            boolean ok = add ? d.addMember(group, new DomainDirectory.Member(sam, "user")) : d.removeMember(group, sam);
            if (!ok) {
                c.writeError(c.error(add ? "The specified account name is already a member of the group"
                        : "The specified account name is not a member of the group", "InvalidOperation",
                        "ActiveDirectoryServer:1377"));
            }
        }
    }

    private static void adPolicy(CmdletCall c) {
        AccountPolicy.Password p = c.host().accountPolicy().password();
        AccountPolicy.Lockout l = c.host().accountPolicy().lockout();
        c.emit(PsObject.of("Microsoft.ActiveDirectory.Management.ADDefaultDomainPasswordPolicy")
                .with("ComplexityEnabled", p.complexity()).with("MinPasswordLength", p.minLength())
                .with("MaxPasswordAge", Duration.ofDays(p.maxAgeDays())).with("MinPasswordAge", Duration.ofDays(p.minAgeDays()))
                .with("PasswordHistoryCount", p.history()).with("LockoutThreshold", l.threshold())
                .with("LockoutDuration", Duration.ofMinutes(l.durationMinutes()))
                .with("LockoutObservationWindow", Duration.ofMinutes(l.windowMinutes()))
                .with("ReversibleEncryptionEnabled", false).with("DistinguishedName", directory(c).baseDn()));
    }

    static Optional<String> none() {
        return Optional.empty();
    }
}
