package dev.osiris.lab.windows.shell.natives;

import dev.osiris.lab.windows.model.AccountPolicy;
import dev.osiris.lab.windows.model.FileSystem;
import dev.osiris.lab.windows.shell.NativeCommand;
import dev.osiris.lab.windows.shell.ShellContext;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * secedit.exe: /export /cfg FILE writes the [System Access] policy (password complexity included, which
 * net accounts does not show); /configure /db X /cfg FILE applies [System Access] values from FILE.
 */
final class Secedit implements NativeCommand {

    /** The [System Access] keys /configure applies; a template with any other key or section is refused. */
    private static final List<String> SYSTEM_ACCESS = List.of("MinimumPasswordAge", "MaximumPasswordAge",
            "MinimumPasswordLength", "PasswordComplexity", "PasswordHistorySize", "LockoutBadCount",
            "ResetLockoutCount", "LockoutDuration");

    @Override
    public int run(List<String> args, ShellContext ctx) {
        Optional<String> cfg = Switches.after(args, "/cfg");
        if (cfg.isEmpty()) {
            return usage(ctx);
        }
        if (Switches.has(args, "export")) {
            AccountPolicy.Password p = ctx.host().accountPolicy().password();
            AccountPolicy.Lockout l = ctx.host().accountPolicy().lockout();
            String inf = "[Unicode]\r\nUnicode=yes\r\n[System Access]\r\nMinimumPasswordAge = " + p.minAgeDays()
                    + "\r\nMaximumPasswordAge = " + p.maxAgeDays() + "\r\nMinimumPasswordLength = " + p.minLength()
                    + "\r\nPasswordComplexity = " + (p.complexity() ? 1 : 0) + "\r\nPasswordHistorySize = " + p.history()
                    + "\r\nLockoutBadCount = " + l.threshold() + "\r\nResetLockoutCount = " + l.windowMinutes()
                    + "\r\nLockoutDuration = " + l.durationMinutes() + "\r\nEnableGuestAccount = "
                    + ctx.host().localAccounts().users().stream().filter(u -> u.sid().endsWith("-501")).findFirst()
                            .map(u -> u.enabled() ? 1 : 0).orElse(0)
                    + "\r\n[Version]\r\nsignature=\"$CHICAGO$\"\r\nRevision=1\r\n";
            ctx.host().files().write(FileSystem.normalize(cfg.get()), inf);
            ctx.output().stdout("\r\nThe task has completed successfully.\r\nSee log %windir%\\security\\logs\\scesrv.log "
                    + "for detail info.\r\n");
            return 0;
        }
        if (Switches.has(args, "configure")) {
            Optional<String> inf = ctx.host().files().read(cfg.get());
            if (inf.isEmpty()) {
                ctx.output().stderr("The system cannot find the file specified.\r\n");
                return 2;
            }
            Optional<String> areas = Switches.after(args, "/areas");
            if (areas.isPresent() && !areas.get().equalsIgnoreCase("SECURITYPOLICY")) {
                return Natives.refuse(ctx, "secedit", "secedit /configure /areas " + areas.get()
                        + " (only SECURITYPOLICY)");
            }
            Optional<String> unmodelled = unmodelled(inf.get());
            if (unmodelled.isPresent()) {
                return Natives.refuse(ctx, "secedit", "secedit /configure with " + unmodelled.get()
                        + " (only [System Access]: " + String.join(", ", SYSTEM_ACCESS) + ")");
            }
            AccountPolicy policy = ctx.host().accountPolicy();
            AccountPolicy.Password p = policy.password();
            AccountPolicy.Lockout l = policy.lockout();
            String text = inf.get();
            policy.setPassword(new AccountPolicy.Password(num(text, "MinimumPasswordLength", p.minLength()),
                    num(text, "PasswordComplexity", p.complexity() ? 1 : 0) != 0,
                    num(text, "MaximumPasswordAge", p.maxAgeDays()), num(text, "MinimumPasswordAge", p.minAgeDays()),
                    num(text, "PasswordHistorySize", p.history())));
            policy.setLockout(new AccountPolicy.Lockout(num(text, "LockoutBadCount", l.threshold()),
                    num(text, "LockoutDuration", l.durationMinutes()), num(text, "ResetLockoutCount", l.windowMinutes())));
            ctx.output().stdout("\r\nThe task has completed successfully.\r\n");
            return 0;
        }
        return usage(ctx);
    }

    /** The first section or [System Access] key of a template that /configure would apply and the emulator cannot. */
    private static Optional<String> unmodelled(String inf) {
        String section = "";
        for (String raw : inf.split("\\r?\\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
                if (!List.of("Unicode", "System Access", "Version").contains(section)) {
                    return Optional.of("the section [" + section + "]");
                }
                continue;
            }
            String key = line.contains("=") ? line.substring(0, line.indexOf('=')).strip() : line;
            if (section.equals("System Access") && !SYSTEM_ACCESS.contains(key)) {
                return Optional.of("the [System Access] key " + key);
            }
        }
        return Optional.empty();
    }

    private static int num(String inf, String key, int current) {
        Matcher m = Pattern.compile("(?im)^\\s*" + key + "\\s*=\\s*(-?\\d+)").matcher(inf);
        return m.find() ? Integer.parseInt(m.group(1)) : current;
    }

    private static int usage(ShellContext ctx) {
        ctx.output().stderr("The Windows host emulator supports secedit /export /cfg FILE and "
                + "secedit /configure /db FILE /cfg FILE.\r\n");
        return 1;
    }
}
