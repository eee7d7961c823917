package dev.osiris.lab.windows.shell.natives;

import dev.osiris.lab.windows.model.AuditPolicy;
import dev.osiris.lab.windows.shell.NativeCommand;
import dev.osiris.lab.windows.shell.ShellContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** auditpol.exe: /get (text or /r CSV) and /set for subcategories and categories. */
final class AuditPol implements NativeCommand {

    @Override
    public int run(List<String> args, ShellContext ctx) {
        if (Switches.has(args, "get")) {
            return get(args, ctx);
        }
        if (Switches.has(args, "set")) {
            return set(args, ctx);
        }
        if (Switches.has(args, "clear")) {
            // /clear without /y asks for confirmation, which a WinRS command cannot answer
            if (!Switches.has(args, "y")) {
                return Natives.refuse(ctx, "auditpol", "auditpol /clear without /y (its confirmation prompt)");
            }
            for (AuditPolicy.Setting s : ctx.host().auditPolicy().all()) {
                ctx.host().auditPolicy().set(s.subcategory().name(), false, false);
            }
            ctx.output().stdout(german(ctx) ? AuditPolGerman.OK : "The command was successfully executed.\r\n");
            return 0;
        }
        if (Switches.has(args, "restore") && Switches.value(args, "file").isPresent()) {
            return AuditPolRestore.run(Switches.value(args, "file").get(), ctx,
                    german(ctx) ? AuditPolGerman.OK : "The command was successfully executed.\r\n");
        }
        if (Switches.has(args, "list") || Switches.has(args, "backup") || Switches.has(args, "restore")
                || Switches.has(args, "remove") || Switches.has(args, "resourceSACL")) {
            return Natives.refuse(ctx, "auditpol", "auditpol " + args.getFirst() + " (only /get, /set, /clear /y and /restore /file:)");
        }
        return invalid(ctx);
    }

    private int get(List<String> args, ShellContext ctx) {
        List<AuditPolicy.Setting> selected = new ArrayList<>();
        List<AuditPolicy.Setting> all = ctx.host().auditPolicy().all();
        Optional<String> category = Switches.value(args, "category");
        Optional<String> sub = Switches.value(args, "subcategory");
        if (category.isPresent()) {
            for (String c : category.get().split(",")) {
                List<AuditPolicy.Setting> hits = all.stream().filter(s -> c.equals("*")
                        || categoryName(ctx, s.subcategory().category()).equalsIgnoreCase(c.trim())).toList();
                if (hits.isEmpty()) {
                    return invalid(ctx);
                }
                selected.addAll(hits);
            }
        } else if (sub.isPresent()) {
            for (String s : sub.get().split(",")) {
                List<AuditPolicy.Setting> hits = all.stream().filter(x -> s.equals("*")
                        || names(ctx, x.subcategory(), s)).toList();
                if (hits.isEmpty()) {
                    return invalid(ctx);
                }
                selected.addAll(hits);
            }
        } else {
            return invalid(ctx);
        }
        if (german(ctx)) {
            return germanGet(selected, Switches.has(args, "r"), ctx);
        }
        StringBuilder sb = new StringBuilder();
        if (Switches.has(args, "r")) {
            sb.append("Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting,Exclusion Setting,"
                    + "Setting Value\r\n");
            for (AuditPolicy.Setting s : selected) {
                sb.append(ctx.host().name()).append(",System,").append(s.subcategory().name()).append(',')
                        .append(s.subcategory().guid()).append(',').append(s.inclusion()).append(",,")
                        .append(s.settingValue()).append("\r\n");
            }
        } else {
            sb.append("System audit policy\r\nCategory/Subcategory                      Setting\r\n");
            String lastCategory = null;
            for (AuditPolicy.Setting s : selected) {
                if (!s.subcategory().category().equals(lastCategory)) {
                    lastCategory = s.subcategory().category();
                    sb.append(lastCategory).append("\r\n");
                }
                String name = "  " + s.subcategory().name();
                sb.append(name).append(" ".repeat(Math.max(1, 42 - name.length()))).append(s.inclusion()).append("\r\n");
            }
        }
        ctx.output().stdout(sb.toString());
        return 0;
    }

    private int set(List<String> args, ShellContext ctx) {
        Boolean success = flag(args, "success");
        Boolean failure = flag(args, "failure");
        if ((success == null && failure == null) || Boolean.FALSE.equals(invalidFlag)) {
            return invalid(ctx);
        }
        List<String> targets = new ArrayList<>();
        Optional<String> sub = Switches.value(args, "subcategory");
        Optional<String> category = Switches.value(args, "category");
        if (sub.isPresent()) {
            for (String s : sub.get().split(",")) {
                // a subcategory by name or, locale-independent, by GUID
                targets.add(ctx.host().auditPolicy().all().stream().filter(x -> names(ctx, x.subcategory(), s))
                        .map(x -> x.subcategory().name()).findFirst().orElse(german(ctx) ? "" : s.trim()));
            }
        } else if (category.isPresent()) {
            for (AuditPolicy.Setting s : ctx.host().auditPolicy().all()) {
                if (category.get().equals("*")
                        || categoryName(ctx, s.subcategory().category()).equalsIgnoreCase(category.get().trim())) {
                    targets.add(s.subcategory().name());
                }
            }
        }
        if (targets.isEmpty() || targets.stream().anyMatch(t -> ctx.host().auditPolicy().get(t).isEmpty())) {
            return invalid(ctx);
        }
        for (String t : targets) {
            ctx.host().auditPolicy().set(t, success, failure);
        }
        ctx.host().eventLogs().record(new dev.osiris.lab.windows.model.EventLogs.Event("Security", 4719,
                ctx.host().clock().instant(), "Information", "Microsoft-Windows-Security-Auditing",
                "System audit policy was changed."));
        ctx.output().stdout(german(ctx) ? AuditPolGerman.OK : "The command was successfully executed.\r\n");
        return 0;
    }

    private Boolean invalidFlag;

    private Boolean flag(List<String> args, String name) {
        Optional<String> v = Switches.value(args, name);
        if (v.isEmpty()) {
            return null;
        }
        if (v.get().equalsIgnoreCase("enable")) {
            return true;
        }
        if (v.get().equalsIgnoreCase("disable")) {
            return false;
        }
        invalidFlag = false;
        return null;
    }

    private static int invalid(ShellContext ctx) {
        if (german(ctx)) {
            return Natives.refuse(ctx, "auditpol", "the German text of auditpol's error 0x57 (an unknown name or switch on"
                    + " a de-DE host, where auditpol takes German names or GUIDs)");
        }
        ctx.output().stdout("Error 0x00000057 occurred:\r\nThe parameter is incorrect.\r\n\r\n");
        return 87;
    }

    /** auditpol accepts a subcategory's name in the host's language or its GUID (with or without braces). */
    private static boolean names(ShellContext ctx, AuditPolicy.Subcategory sub, String given) {
        String g = given.trim();
        String bare = g.replace("{", "").replace("}", "");
        String name = german(ctx) ? AuditPolGerman.name(sub).orElse("") : sub.name();
        return name.equalsIgnoreCase(g) || sub.guid().replace("{", "").replace("}", "").equalsIgnoreCase(bare);
    }

    private static String categoryName(ShellContext ctx, String english) {
        return german(ctx) ? AuditPolGerman.category(english) : english;
    }

    private static boolean german(ShellContext ctx) {
        return ctx.host().language().german();
    }

    /** /get on a de-DE host: German names and words, refused where a German name is not modelled. */
    private static int germanGet(List<AuditPolicy.Setting> selected, boolean report, ShellContext ctx) {
        for (AuditPolicy.Setting s : selected) {
            if (AuditPolGerman.name(s.subcategory()).isEmpty()) {
                return Natives.refuse(ctx, "auditpol", "the German name of the subcategory " + s.subcategory().guid()
                        + " (" + s.subcategory().name() + "); query the subcategories by GUID");
            }
        }
        StringBuilder sb = new StringBuilder(report ? AuditPolGerman.CSV_HEADER : AuditPolGerman.TEXT_HEADER);
        String lastCategory = null;
        for (AuditPolicy.Setting s : selected) {
            String name = AuditPolGerman.name(s.subcategory()).orElseThrow();
            if (report) {
                sb.append(ctx.host().name()).append(",System,").append(name).append(',').append(s.subcategory().guid())
                        .append(',').append(AuditPolGerman.inclusion(s)).append(",,").append(s.settingValue()).append("\r\n");
                continue;
            }
            if (!s.subcategory().category().equals(lastCategory)) {
                lastCategory = s.subcategory().category();
                sb.append(AuditPolGerman.category(lastCategory)).append("\r\n");
            }
            String line = "  " + name;
            sb.append(line).append(" ".repeat(Math.max(1, 42 - line.length()))).append(AuditPolGerman.inclusion(s)).append("\r\n");
        }
        ctx.output().stdout(sb.toString());
        return 0;
    }
}
