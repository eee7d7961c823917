package dev.osiris.lab.windows.shell.natives;

import dev.osiris.lab.windows.shell.NativeCommand;
import dev.osiris.lab.windows.shell.ShellContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * gpupdate: a Group Policy refresh. Of the client-side extensions, the model runs the advanced audit policy one
 * ({F3CCC681-B74C-4060-9F26-CD84525DCA2A}) for the local GPO: when the local GPO's gpt.ini lists it, its
 * {@code Audit\audit.csv} is applied to the system audit policy and its result written where Windows keeps the
 * applied policy ({@code %SystemRoot%\security\audit\audit.csv}), so it wins over a local auditpol /set at every
 * refresh. Other policy (the registry-based keys) is plain registry in the model and needs no refresh.
 */
final class GroupPolicyRefresh implements NativeCommand {

    static final String LOCAL_GPO = "C:\\Windows\\System32\\GroupPolicy";
    static final String AUDIT_CSE = "{F3CCC681-B74C-4060-9F26-CD84525DCA2A}";
    /** Where Windows writes the advanced audit policy that Group Policy applied. */
    static final String APPLIED_AUDIT = "C:\\Windows\\security\\audit\\audit.csv";

    @Override
    public int run(List<String> args, ShellContext ctx) {
        if (args.stream().anyMatch(a -> !a.equalsIgnoreCase("/force") && !a.equalsIgnoreCase("/target:computer"))) {
            return Natives.refuse(ctx, "gpupdate", "gpupdate " + String.join(" ", args) + " (only /force, /target:computer)");
        }
        String gpt = ctx.host().files().read(LOCAL_GPO + "\\gpt.ini").orElse("");
        Optional<String> audit = ctx.host().files().read(LOCAL_GPO + "\\Machine\\Microsoft\\Windows NT\\Audit\\audit.csv");
        if (audit.isPresent() && gpt.toUpperCase(Locale.ROOT).contains(AUDIT_CSE)) {
            Optional<String> refused = AuditPolRestore.apply(audit.get(), ctx);
            if (refused.isPresent()) {
                return Natives.refuse(ctx, "gpupdate", refused.get());
            }
            ctx.host().files().createDirectory("C:\\Windows\\security\\audit");
            ctx.host().files().write(APPLIED_AUDIT, audit.get());
        }
        ctx.output().stdout("Updating policy...\r\n\r\nComputer Policy update has completed successfully.\r\n"
                + "User Policy update has completed successfully.\r\n\r\n");
        return 0;
    }
}
