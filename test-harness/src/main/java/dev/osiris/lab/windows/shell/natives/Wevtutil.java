package dev.osiris.lab.windows.shell.natives;

import dev.osiris.lab.windows.model.EventLogs;
import dev.osiris.lab.windows.shell.NativeCommand;
import dev.osiris.lab.windows.shell.ShellContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** wevtutil.exe: el, gl, sl (/ms /rt /ab), cl. */
final class Wevtutil implements NativeCommand {

    @Override
    public int run(List<String> args, ShellContext ctx) {
        if (args.isEmpty()) {
            return usage(ctx);
        }
        String op = args.get(0).toLowerCase(Locale.ROOT);
        if (op.equals("el") || op.equals("enum-logs")) {
            ctx.host().eventLogs().all().forEach(s -> ctx.output().stdout(s.logName() + "\r\n"));
            return 0;
        }
        if (args.size() < 2) {
            return usage(ctx);
        }
        EventLogs logs = ctx.host().eventLogs();
        Optional<EventLogs.Settings> log = logs.get(args.get(1));
        if (log.isEmpty()) {
            ctx.output().stderr("Failed to read configuration for log " + args.get(1) + ". The specified channel "
                    + "could not be found.\r\n");
            return 15007;
        }
        EventLogs.Settings s = log.get();
        switch (op) {
            case "gl", "get-log" -> {
                ctx.output().stdout("name: " + s.logName() + "\r\nenabled: true\r\ntype: Admin\r\nowningPublisher: \r\n"
                        + "isolation: Custom\r\nlogging:\r\n  logFileName: %SystemRoot%\\System32\\Winevt\\Logs\\"
                        + s.logName() + ".evtx\r\n  retention: " + s.overflowAction().equals("DoNotOverwrite")
                        + "\r\n  autoBackup: " + s.overflowAction().equals("OverwriteOlder") + "\r\n  maxSize: "
                        + s.maxSizeBytes() + "\r\npublishing:\r\n  fileMax: 1\r\n");
                return 0;
            }
            case "sl", "set-log" -> {
                long size = s.maxSizeBytes();
                String action = s.overflowAction();
                try {
                    Optional<String> ms = Switches.value(args, "ms").or(() -> Switches.value(args, "maxsize"));
                    if (ms.isPresent()) {
                        size = Long.parseLong(ms.get().trim());
                    }
                } catch (NumberFormatException e) {
                    return usage(ctx);
                }
                Optional<String> rt = Switches.value(args, "rt").or(() -> Switches.value(args, "retention"));
                if (rt.isPresent()) {
                    action = rt.get().equalsIgnoreCase("true") ? "DoNotOverwrite" : "OverwriteAsNeeded";
                }
                logs.put(new EventLogs.Settings(s.logName(), size, action));
                return 0;
            }
            case "cl", "clear-log" -> {
                logs.clear(s.logName(), ctx.host().clock().instant());
                return 0;
            }
            default -> {
                return usage(ctx);
            }
        }
    }

    private static int usage(ShellContext ctx) {
        ctx.output().stderr("The parameter is incorrect.\r\n");
        return 87;
    }
}
