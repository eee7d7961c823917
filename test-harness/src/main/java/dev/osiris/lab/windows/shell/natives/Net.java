package dev.osiris.lab.windows.shell.natives;

import dev.osiris.lab.windows.model.AccountPolicy;
import dev.osiris.lab.windows.model.HostRole;
import dev.osiris.lab.windows.model.LocalAccounts;
import dev.osiris.lab.windows.model.Services;
import dev.osiris.lab.windows.shell.NativeCommand;
import dev.osiris.lab.windows.shell.ShellContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** net.exe: accounts, user, localgroup, start, stop. */
final class Net implements NativeCommand {

    private static final String OK = "The command completed successfully.\r\n\r\n";

    @Override
    public int run(List<String> args, ShellContext ctx) {
        return ctx.host().language().german() ? german(args, ctx) : english(args, ctx);
    }

    /**
     * net on a de-DE host: a change that succeeds prints German Windows' "Der Befehl wurde erfolgreich ausgeführt.";
     * what net displays (net accounts' labels, user and group listings) and its errors have no German text in the
     * model and are refused.
     */
    private int german(List<String> args, ShellContext ctx) {
        boolean change = args.stream().skip(1).anyMatch(a -> a.startsWith("/") && !a.equalsIgnoreCase("/domain"));
        if (args.isEmpty() || !change || List.of("start", "stop").contains(args.get(0).toLowerCase(Locale.ROOT))) {
            return Natives.refuse(ctx, "net", "the German text of net " + String.join(" ", args) + " (de-DE)");
        }
        StringBuilder english = new StringBuilder();
        int rc = english(args, ctx.withOutput(new dev.osiris.lab.windows.shell.ShellOutput() {
            @Override
            public void stdout(String text) {
                english.append(text);
            }

            @Override
            public void stderr(String text) {
                english.append(text);
            }
        }));
        if (rc != 0) {
            return Natives.refuse(ctx, "net", "the German text of this net error: " + english.toString().strip().lines()
                    .findFirst().orElse("exit " + rc));
        }
        ctx.output().stdout("Der Befehl wurde erfolgreich ausgeführt.\r\n\r\n");
        return 0;
    }

    private int english(List<String> args, ShellContext ctx) {
        if (args.isEmpty()) {
            return syntax(ctx);
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0).toLowerCase(Locale.ROOT)) {
            case "accounts" -> accounts(rest, ctx);
            case "user" -> user(rest, ctx);
            case "localgroup" -> localGroup(rest, ctx);
            case "group" -> domainGroup(rest, ctx);
            case "start" -> service(rest, ctx, true);
            case "stop" -> service(rest, ctx, false);
            default -> syntax(ctx);
        };
    }

    private int accounts(List<String> args, ShellContext ctx) {
        AccountPolicy policy = ctx.host().accountPolicy();
        AccountPolicy.Password p = policy.password();
        AccountPolicy.Lockout l = policy.lockout();
        try {
            int minLen = num(args, "minpwlen", p.minLength(), 0, 14);
            int maxAge = Switches.value(args, "maxpwage").map(v -> v.equalsIgnoreCase("unlimited") ? 0
                    : Integer.parseInt(v)).orElse(p.maxAgeDays());
            int minAge = num(args, "minpwage", p.minAgeDays(), 0, 998);
            int history = num(args, "uniquepw", p.history(), 0, 24);
            int threshold = num(args, "lockoutthreshold", l.threshold(), 0, 999);
            int duration = num(args, "lockoutduration", l.durationMinutes(), 0, 99999);
            int window = num(args, "lockoutwindow", l.windowMinutes(), 1, 99999);
            boolean changed = args.stream().anyMatch(a -> a.startsWith("/"));
            if (changed) {
                policy.setPassword(new AccountPolicy.Password(minLen, p.complexity(), maxAge, minAge, history));
                policy.setLockout(new AccountPolicy.Lockout(threshold, duration, window));
                ctx.output().stdout(OK);
                return 0;
            }
        } catch (NumberFormatException e) {
            return syntax(ctx);
        }
        String role = switch (ctx.host().role()) {
            case DOMAIN_CONTROLLER -> "PRIMARY";
            case SERVER_CORE -> "SERVER";
            case WORKSTATION -> "WORKSTATION";
        };
        StringBuilder sb = new StringBuilder();
        line(sb, "Force user logoff how long after time expires?:", "Never");
        line(sb, "Minimum password age (days):", String.valueOf(p.minAgeDays()));
        line(sb, "Maximum password age (days):", p.maxAgeDays() == 0 ? "Unlimited" : String.valueOf(p.maxAgeDays()));
        line(sb, "Minimum password length:", String.valueOf(p.minLength()));
        line(sb, "Length of password history maintained:", p.history() == 0 ? "None" : String.valueOf(p.history()));
        line(sb, "Lockout threshold:", l.threshold() == 0 ? "Never" : String.valueOf(l.threshold()));
        line(sb, "Lockout duration (minutes):", String.valueOf(l.durationMinutes()));
        line(sb, "Lockout observation window (minutes):", String.valueOf(l.windowMinutes()));
        line(sb, "Computer role:", role);
        sb.append(OK);
        ctx.output().stdout(sb.toString());
        return 0;
    }

    private static int num(List<String> args, String name, int current, int min, int max) {
        Optional<String> v = Switches.value(args, name);
        if (v.isEmpty()) {
            return current;
        }
        int n = Integer.parseInt(v.get().trim());
        if (n < min || n > max) {
            throw new NumberFormatException("out of range");
        }
        return n;
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append(label).append(" ".repeat(Math.max(1, 54 - label.length()))).append(value).append("\r\n");
    }

    private int user(List<String> args, ShellContext ctx) {
        LocalAccounts accounts = ctx.host().localAccounts();
        if (args.isEmpty()) {
            StringBuilder sb = new StringBuilder("\r\nUser accounts for \\\\" + ctx.host().name() + "\r\n\r\n"
                    + "-".repeat(79) + "\r\n");
            for (LocalAccounts.User u : accounts.users()) {
                sb.append(String.format("%-25s", u.name()));
            }
            ctx.output().stdout(sb.append("\r\n").append(OK).toString());
            return 0;
        }
        String name = args.get(0);
        Optional<LocalAccounts.User> user = accounts.user(name);
        if (Switches.has(args, "add")) {
            if (user.isPresent()) {
                ctx.output().stderr("The account already exists.\r\n\r\nMore help is available by typing NET HELPMSG 2224.\r\n\r\n");
                return 2;
            }
            accounts.addUser(new LocalAccounts.User(name, !Switches.value(args, "active").map("no"::equalsIgnoreCase)
                    .orElse(false), "", ctx.host().clock().instant(),
                    "S-1-5-21-1004336348-1177238915-682003330-" + (1100 + accounts.users().size())));
            ctx.output().stdout(OK);
            return 0;
        }
        if (user.isEmpty()) {
            ctx.output().stderr("The user name could not be found.\r\n\r\nMore help is available by typing NET HELPMSG 2221.\r\n\r\n");
            return 2;
        }
        if (Switches.has(args, "delete")) {
            accounts.removeUser(user.get().name(), ctx.host().name());
            ctx.output().stdout(OK);
            return 0;
        }
        Optional<String> active = Switches.value(args, "active");
        if (active.isPresent()) {
            String a = active.get().toLowerCase(Locale.ROOT);
            if (!a.equals("yes") && !a.equals("no")) {
                return syntax(ctx);
            }
            accounts.setEnabled(user.get().name(), a.equals("yes"));
            ctx.output().stdout(OK);
            return 0;
        }
        if (args.size() > 1) {
            return syntax(ctx);
        }
        StringBuilder sb = new StringBuilder();
        line(sb, "User name", user.get().name());
        line(sb, "Comment", user.get().description());
        line(sb, "Account active", user.get().enabled() ? "Yes" : "No");
        line(sb, "Account expires", "Never");
        ctx.output().stdout(sb.append(OK).toString());
        return 0;
    }

    private int localGroup(List<String> args, ShellContext ctx) {
        LocalAccounts accounts = ctx.host().localAccounts();
        if (args.isEmpty()) {
            StringBuilder sb = new StringBuilder("\r\nAliases for \\\\" + ctx.host().name() + "\r\n\r\n" + "-".repeat(79) + "\r\n");
            accounts.groupNames().forEach(g -> sb.append('*').append(g).append("\r\n"));
            ctx.output().stdout(sb.append(OK).toString());
            return 0;
        }
        String group = args.get(0);
        Optional<List<LocalAccounts.Member>> members = accounts.members(group);
        if (members.isEmpty()) {
            ctx.output().stderr("The specified local group does not exist.\r\n\r\nMore help is available by typing NET HELPMSG 3780.\r\n\r\n");
            return 2;
        }
        if (args.size() >= 3 && (Switches.has(args, "add") || Switches.has(args, "delete"))) {
            String member = args.get(1);
            boolean add = Switches.has(args, "add");
            String qualified = member.contains("\\") ? member : ctx.host().name() + "\\" + member;
            boolean ok = add ? accounts.addMember(group, new LocalAccounts.Member(qualified,
                    member.toLowerCase(Locale.ROOT).contains("admins") ? "Group" : "User",
                    member.contains("\\") ? "ActiveDirectory" : "Local"))
                    : accounts.removeMember(group, member);
            if (!ok) {
                ctx.output().stderr(add ? "System error 1378 has occurred.\r\n\r\nThe specified account name is already a member of the group.\r\n\r\n"
                        : "System error 1377 has occurred.\r\n\r\nThe specified account name is not a member of the group.\r\n\r\n");
                return 2;
            }
            ctx.output().stdout(OK);
            return 0;
        }
        StringBuilder sb = new StringBuilder("Alias name     " + group + "\r\nComment        \r\n\r\nMembers\r\n\r\n"
                + "-".repeat(79) + "\r\n");
        for (LocalAccounts.Member m : members.get()) {
            String n = m.name();
            sb.append(n.startsWith(ctx.host().name() + "\\") ? n.substring(n.indexOf('\\') + 1) : n).append("\r\n");
        }
        ctx.output().stdout(sb.append(OK).toString());
        return 0;
    }

    /** net group NAME [user /add|/delete] /domain — on a domain controller only. */
    private int domainGroup(List<String> args, ShellContext ctx) {
        var directory = ctx.host().domainDirectory();
        if (directory.isEmpty() || args.isEmpty()) {
            ctx.output().stderr("This command can be used only on a Windows Domain Controller.\r\n\r\n"
                    + "More help is available by typing NET HELPMSG 3515.\r\n\r\n");
            return 2;
        }
        String group = args.get(0);
        var members = directory.get().members(group);
        if (members.isEmpty()) {
            ctx.output().stderr("The group name could not be found.\r\n\r\nMore help is available by typing NET HELPMSG 2220.\r\n\r\n");
            return 2;
        }
        List<String> plain = args.stream().skip(1).filter(a -> !a.startsWith("/")).toList();
        if (!plain.isEmpty() && (Switches.has(args, "add") || Switches.has(args, "delete"))) {
            boolean ok = Switches.has(args, "add")
                    ? directory.get().addMember(group, new dev.osiris.lab.windows.model.DomainDirectory.Member(plain.get(0), "user"))
                    : directory.get().removeMember(group, plain.get(0));
            if (!ok) {
                ctx.output().stderr("System error 1378 has occurred.\r\n\r\n");
                return 2;
            }
            ctx.output().stdout(OK);
            return 0;
        }
        StringBuilder sb = new StringBuilder("Group name     " + group + "\r\nComment        \r\n\r\nMembers\r\n\r\n"
                + "-".repeat(79) + "\r\n");
        members.get().forEach(m -> sb.append(String.format("%-25s", m.samAccountName())));
        ctx.output().stdout(sb.append("\r\n").append(OK).toString());
        return 0;
    }

    private int service(List<String> args, ShellContext ctx, boolean start) {
        if (args.isEmpty()) {
            return syntax(ctx);
        }
        Optional<Services.Service> s = ctx.host().services().get(String.join(" ", args));
        if (s.isEmpty()) {
            ctx.output().stderr("The service name is invalid.\r\n\r\nMore help is available by typing NET HELPMSG 2185.\r\n\r\n");
            return 2;
        }
        Services.Service svc = s.get();
        if (start) {
            if (svc.status() == Services.Status.RUNNING) {
                ctx.output().stderr("The requested service has already been started.\r\n\r\n");
                return 2;
            }
            if (svc.startMode() == Services.StartMode.DISABLED) {
                ctx.output().stderr("System error 1058 has occurred.\r\n\r\nThe service cannot be started, either because "
                        + "it is disabled or because it has no enabled devices associated with it.\r\n\r\n");
                return 2;
            }
            ctx.host().services().update(svc.withStatus(Services.Status.RUNNING));
            ctx.output().stdout("The " + svc.displayName() + " service was started successfully.\r\n\r\n");
        } else {
            if (svc.status() != Services.Status.RUNNING) {
                ctx.output().stderr("The " + svc.displayName() + " service is not started.\r\n\r\n");
                return 2;
            }
            ctx.host().services().update(svc.withStatus(Services.Status.STOPPED));
            ctx.output().stdout("The " + svc.displayName() + " service was stopped successfully.\r\n\r\n");
        }
        return 0;
    }

    private static int syntax(ShellContext ctx) {
        ctx.output().stderr("The syntax of this command is:\r\n\r\nNET\r\n    [ ACCOUNTS | USER | LOCALGROUP | START | STOP ]\r\n");
        return 1;
    }

    static boolean isDc(ShellContext ctx) {
        return ctx.host().role() == HostRole.DOMAIN_CONTROLLER;
    }
}
