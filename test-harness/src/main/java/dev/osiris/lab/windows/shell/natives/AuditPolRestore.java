package dev.osiris.lab.windows.shell.natives;

import dev.osiris.lab.windows.model.AuditPolicy;
import dev.osiris.lab.windows.model.FileSystem;
import dev.osiris.lab.windows.shell.ShellContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code auditpol /restore /file:F}: the system audit policy from a CSV in auditpol's backup format (a header, then
 * Machine Name, Policy Target, Subcategory, Subcategory GUID, Inclusion Setting, Exclusion Setting, Setting Value),
 * read by GUID and setting value as auditpol does, whatever the file's language. Rows the model cannot apply (audit
 * options, global object access SACLs, a per-user target, an unknown GUID) refuse the whole file, changing nothing.
 */
final class AuditPolRestore {

    private AuditPolRestore() {
    }

    /** The exit code; the policy changes only when every row applies. */
    static int run(String file, ShellContext ctx, String ok) {
        Optional<String> content = ctx.host().files().read(FileSystem.normalize(file));
        if (content.isEmpty()) {
            return Natives.refuse(ctx, "auditpol", "the error text of /restore for a file that does not exist (" + file + ")");
        }
        Optional<String> refused = apply(content.get(), ctx);
        if (refused.isPresent()) {
            return Natives.refuse(ctx, "auditpol", refused.get());
        }
        ctx.output().stdout(ok);
        return 0;
    }

    /**
     * Applies an audit CSV (a backup, or a Group Policy audit.csv) to the system policy: every row or none.
     *
     * @return what the model cannot apply, or empty when applied
     */
    static Optional<String> apply(String csv, ShellContext ctx) {
        List<String[]> changes = new ArrayList<>();
        List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length != 7 || !f[1].equalsIgnoreCase("System") || !f[6].strip().matches("[0-3]")) {
                return Optional.of("an audit CSV row other than a system subcategory setting (" + line.strip() + ")");
            }
            String guid = f[3].strip();
            if (ctx.host().auditPolicy().all().stream().noneMatch(s -> s.subcategory().guid().equalsIgnoreCase(guid))) {
                return Optional.of("the subcategory " + guid + " in an audit CSV");
            }
            changes.add(new String[]{guid, f[6].strip()});
        }
        for (String[] c : changes) {
            int v = Integer.parseInt(c[1]);
            AuditPolicy.Setting s = ctx.host().auditPolicy().all().stream()
                    .filter(x -> x.subcategory().guid().equalsIgnoreCase(c[0])).findFirst().orElseThrow();
            ctx.host().auditPolicy().set(s.subcategory().name(), (v & 1) != 0, (v & 2) != 0);
        }
        return Optional.empty();
    }
}
