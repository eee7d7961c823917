package dev.osiris.lab.windows.shell.natives;

import dev.osiris.lab.windows.model.Services;
import dev.osiris.lab.windows.shell.NativeCommand;
import dev.osiris.lab.windows.shell.ShellContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** sc.exe: query, qc, config start=, start, stop, create, delete; other operations are refused. */
final class Sc implements NativeCommand {

    @Override
    public int run(List<String> args, ShellContext ctx) {
        if (args.size() < 2) {
            ctx.output().stdout("DESCRIPTION:\r\n        SC is a command line program used for communicating with the\r\n"
                    + "        Service Control Manager and services.\r\n");
            return 1639;
        }
        String op = args.get(0).toLowerCase(Locale.ROOT);
        if (!List.of("query", "queryex", "qc", "config", "start", "stop", "create", "delete").contains(op)) {
            return Natives.refuse(ctx, "sc", "sc " + op + " (only query, queryex, qc, config start=, start, stop, create, delete)");
        }
        if (op.equals("create")) {
            return create(args, ctx);
        }
        Optional<Services.Service> found = ctx.host().services().get(args.get(1));
        if (found.isEmpty()) {
            ctx.output().stdout("[SC] OpenService FAILED 1060:\r\n\r\nThe specified service does not exist as an "
                    + "installed service.\r\n\r\n");
            return 1060;
        }
        Services.Service s = found.get();
        switch (op) {
            case "delete" -> {
                // a stopped service goes at once; a running one is only marked for deletion on Windows
                if (s.status() == Services.Status.RUNNING) {
                    return Natives.refuse(ctx, "sc", "deleting a running service (marked for deletion until it stops)");
                }
                ctx.host().services().remove(s.name());
                ctx.output().stdout("[SC] DeleteService SUCCESS\r\n");
                return 0;
            }
            case "query", "queryex" -> {
                ctx.output().stdout("\r\nSERVICE_NAME: " + s.name() + "\r\n        TYPE               : 10  WIN32_OWN_PROCESS\r\n"
                        + "        STATE              : " + (s.status() == Services.Status.RUNNING ? "4  RUNNING" : "1  STOPPED")
                        + "\r\n        WIN32_EXIT_CODE    : 0  (0x0)\r\n\r\n");
                return 0;
            }
            case "qc" -> {
                int code = switch (s.startMode()) {
                    case AUTOMATIC -> 2;
                    case MANUAL -> 3;
                    case DISABLED -> 4;
                    default -> 1;
                };
                String name = switch (s.startMode()) {
                    case AUTOMATIC -> "AUTO_START";
                    case MANUAL -> "DEMAND_START";
                    case DISABLED -> "DISABLED";
                    default -> "SYSTEM_START";
                };
                ctx.output().stdout("[SC] QueryServiceConfig SUCCESS\r\n\r\nSERVICE_NAME: " + s.name()
                        + "\r\n        START_TYPE         : " + code + "   " + name + "\r\n        DISPLAY_NAME       : "
                        + s.displayName() + "\r\n");
                return 0;
            }
            case "config" -> {
                int i = args.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList().indexOf("start=");
                if (i < 0 || i + 1 >= args.size()) {
                    return invalid(ctx);
                }
                Services.StartMode mode = switch (args.get(i + 1).toLowerCase(Locale.ROOT)) {
                    case "auto", "delayed-auto" -> Services.StartMode.AUTOMATIC;
                    case "demand" -> Services.StartMode.MANUAL;
                    case "disabled" -> Services.StartMode.DISABLED;
                    default -> null;
                };
                if (mode == null) {
                    return invalid(ctx);
                }
                ctx.host().services().update(s.withStartMode(mode));
                ctx.output().stdout("[SC] ChangeServiceConfig SUCCESS\r\n");
                return 0;
            }
            case "start" -> {
                if (s.startMode() == Services.StartMode.DISABLED) {
                    ctx.output().stdout("[SC] StartService FAILED 1058:\r\n\r\nThe service cannot be started, either "
                            + "because it is disabled or because it has no enabled devices associated with it.\r\n\r\n");
                    return 1058;
                }
                if (s.status() == Services.Status.RUNNING) {
                    ctx.output().stdout("[SC] StartService FAILED 1056:\r\n\r\nAn instance of the service is already running.\r\n\r\n");
                    return 1056;
                }
                ctx.host().services().update(s.withStatus(Services.Status.RUNNING));
                ctx.output().stdout("\r\nSERVICE_NAME: " + s.name() + "\r\n        STATE              : 2  START_PENDING\r\n");
                return 0;
            }
            case "stop" -> {
                if (s.status() != Services.Status.RUNNING) {
                    ctx.output().stdout("[SC] ControlService FAILED 1062:\r\n\r\nThe service has not been started.\r\n\r\n");
                    return 1062;
                }
                ctx.host().services().update(s.withStatus(Services.Status.STOPPED));
                ctx.output().stdout("\r\nSERVICE_NAME: " + s.name() + "\r\n        STATE              : 3  STOP_PENDING\r\n");
                return 0;
            }
            default -> {
                return invalid(ctx);
            }
        }
    }

    /** sc create NAME binPath= PATH [start= auto|demand|disabled] [DisplayName= TEXT]: a stopped service. */
    private static int create(List<String> args, ShellContext ctx) {
        String name = args.get(1);
        java.util.Map<String, String> options = new java.util.HashMap<>();
        for (int i = 2; i < args.size(); i++) {
            String key = args.get(i).toLowerCase(Locale.ROOT);
            if (!key.endsWith("=") || i + 1 >= args.size()) {
                return invalid(ctx);
            }
            options.put(key, args.get(++i));
        }
        java.util.Set<String> modelled = java.util.Set.of("binpath=", "start=", "displayname=", "type=");
        for (String key : options.keySet()) {
            if (!modelled.contains(key)) {
                return Natives.refuse(ctx, "sc", "sc create " + key + " (only binPath=, start=, DisplayName=, type= own)");
            }
        }
        if (!options.containsKey("binpath=") || !options.getOrDefault("type=", "own").equalsIgnoreCase("own")) {
            return invalid(ctx);
        }
        Services.StartMode mode = switch (options.getOrDefault("start=", "demand").toLowerCase(Locale.ROOT)) {
            case "auto", "delayed-auto" -> Services.StartMode.AUTOMATIC;
            case "demand" -> Services.StartMode.MANUAL;
            case "disabled" -> Services.StartMode.DISABLED;
            default -> null;
        };
        if (mode == null) {
            return invalid(ctx);
        }
        if (ctx.host().services().get(name).isPresent()) {
            ctx.output().stdout("[SC] CreateService FAILED 1073:\r\n\r\nThe specified service already exists.\r\n\r\n");
            return 1073;
        }
        ctx.host().services().add(new Services.Service(name, options.getOrDefault("displayname=", name),
                Services.Status.STOPPED, mode));
        ctx.output().stdout("[SC] CreateService SUCCESS\r\n");
        return 0;
    }

    private static int invalid(ShellContext ctx) {
        ctx.output().stdout("[SC] The parameter is incorrect.\r\n");
        return 87;
    }
}
