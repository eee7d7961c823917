package dev.osiris.lab.windows.shell.natives;

import dev.osiris.lab.windows.model.ScheduledTasks;
import dev.osiris.lab.windows.shell.NativeCommand;
import dev.osiris.lab.windows.shell.ShellContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** schtasks.exe: /create, /delete, /query, /change /enable|/disable (one action per task). */
final class Schtasks implements NativeCommand {

    @Override
    public int run(List<String> args, ShellContext ctx) {
        Optional<String> tn = Switches.after(args, "/tn");
        ScheduledTasks tasks = ctx.host().scheduledTasks();
        boolean force = args.stream().anyMatch(a -> a.equalsIgnoreCase("/f"));
        if (Switches.has(args, "query")) {
            return query(args, ctx, tasks, tn);
        }
        if (tn.isEmpty()) {
            return error(ctx, "Invalid syntax. Mandatory option '/tn' is missing.");
        }
        String[] p = path(tn.get());
        if (Switches.has(args, "create")) {
            Optional<String> tr = Switches.after(args, "/tr");
            if (tr.isEmpty() || Switches.after(args, "/sc").isEmpty()) {
                return error(ctx, "Invalid syntax. Mandatory options '/tr' and '/sc' are needed.");
            }
            if (tasks.get(p[0], p[1]).isPresent() && !force) {
                return error(ctx, "Cannot create a file when that file already exists.");
            }
            String cmd = tr.get().trim();
            int sp = cmd.startsWith("\"") ? cmd.indexOf('"', 1) + 1 : cmd.indexOf(' ');
            String exe = sp <= 0 ? cmd : cmd.substring(0, sp).replace("\"", "");
            String arguments = sp <= 0 ? "" : cmd.substring(sp).trim();
            tasks.put(new ScheduledTasks.Task(p[1], p[0], exe, arguments, true, ctx.whoami()));
            ctx.output().stdout("SUCCESS: The scheduled task \"" + p[1] + "\" has successfully been created.\r\n");
            return 0;
        }
        Optional<ScheduledTasks.Task> task = tasks.get(p[0], p[1]);
        if (task.isEmpty()) {
            return error(ctx, "The system cannot find the file specified.");
        }
        if (Switches.has(args, "delete")) {
            if (!force) {
                return error(ctx, "Deleting needs /f in a non-interactive session.");
            }
            tasks.remove(p[0], p[1]);
            ctx.output().stdout("SUCCESS: The scheduled task \"" + p[1] + "\" was successfully deleted.\r\n");
            return 0;
        }
        if (Switches.has(args, "change") && (Switches.has(args, "enable") || Switches.has(args, "disable"))) {
            tasks.put(task.get().withEnabled(Switches.has(args, "enable")));
            ctx.output().stdout("SUCCESS: The parameters of scheduled task \"" + p[1] + "\" have been changed.\r\n");
            return 0;
        }
        return error(ctx, "Invalid syntax: the emulator supports /create, /delete, /query and /change /enable|/disable.");
    }

    /** "\Folder\Name" → {"\Folder\", "Name"}; "Name" → {"\", "Name"}. */
    private static String[] path(String tn) {
        String t = tn.startsWith("\\") ? tn : "\\" + tn;
        int i = t.lastIndexOf('\\');
        return new String[]{t.substring(0, i + 1), t.substring(i + 1)};
    }

    /**
     * /query [/tn NAME] [/fo TABLE|CSV] [/nh]: per task folder, as schtasks prints it (the table names tasks within
     * their folder, CSV by full path and repeats its header per folder; /nh drops the headers). /fo LIST and /v
     * (the verbose columns) are not modelled.
     */
    private static int query(List<String> args, ShellContext ctx, ScheduledTasks tasks, Optional<String> tn) {
        String format = Switches.after(args, "/fo").orElse("TABLE").toUpperCase(Locale.ROOT);
        if (Switches.has(args, "v") || !format.equals("TABLE") && !format.equals("CSV")) {
            return Natives.refuse(ctx, "schtasks", "/query " + (Switches.has(args, "v") ? "/v" : "/fo " + format)
                    + " (only /fo TABLE or CSV, /nh and /tn)");
        }
        boolean header = !Switches.has(args, "nh");
        List<ScheduledTasks.Task> all = tasks.all().stream().filter(t -> tn.isEmpty()
                || (t.path() + t.name()).equalsIgnoreCase(path(tn.get())[0] + path(tn.get())[1])).toList();
        if (tn.isPresent() && all.isEmpty()) {
            return error(ctx, "The system cannot find the file specified.");
        }
        java.util.Map<String, List<ScheduledTasks.Task>> byFolder = new java.util.LinkedHashMap<>();
        all.forEach(t -> byFolder.computeIfAbsent(t.path(), k -> new java.util.ArrayList<>()).add(t));
        StringBuilder sb = new StringBuilder();
        byFolder.forEach((folder, list) -> {
            String status;
            if (format.equals("CSV")) {
                if (header) {
                    sb.append("\"TaskName\",\"Next Run Time\",\"Status\"\r\n");
                }
                for (ScheduledTasks.Task t : list) {
                    status = t.enabled() ? "Ready" : "Disabled";
                    sb.append('"').append(t.path()).append(t.name()).append("\",\"N/A\",\"").append(status).append("\"\r\n");
                }
                return;
            }
            String shown = folder.length() > 1 && folder.endsWith("\\") ? folder.substring(0, folder.length() - 1) : folder;
            sb.append("\r\nFolder: ").append(shown).append("\r\n");
            if (header) {
                sb.append("TaskName                                 Next Run Time          Status\r\n"
                        + "======================================== ====================== ===============\r\n");
            }
            for (ScheduledTasks.Task t : list) {
                sb.append(String.format("%-40s %-22s %s\r\n", t.name(), "N/A", t.enabled() ? "Ready" : "Disabled"));
            }
        });
        ctx.output().stdout(sb.toString());
        return 0;
    }

    private static int error(ShellContext ctx, String message) {
        ctx.output().stderr("ERROR: " + message + "\r\n");
        return 1;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
