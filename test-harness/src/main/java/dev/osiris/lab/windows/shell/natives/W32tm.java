package dev.osiris.lab.windows.shell.natives;

import dev.osiris.lab.windows.model.PolicyKeys;
import dev.osiris.lab.windows.model.Registry;
import dev.osiris.lab.windows.model.RegistryValue;
import dev.osiris.lab.windows.model.TimeService;
import dev.osiris.lab.windows.shell.NativeCommand;
import dev.osiris.lab.windows.shell.ShellContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** w32tm.exe: /query /status|/source|/configuration, /resync, /config, /stripchart. */
final class W32tm implements NativeCommand {

    private static final DateTimeFormatter US = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US);
    private static final int SERVICE_NOT_STARTED = 0x80070426;
    /** w32tm's exit code when its source has no time data: HRESULT_FROM_WIN32(ERROR_TIMEOUT). */
    private static final int NO_TIME_DATA = 0x800705B4;

    @Override
    public int run(List<String> args, ShellContext ctx) {
        TimeService time = ctx.host().time();
        boolean running = ctx.host().services().isRunning("W32Time");
        boolean german = ctx.host().language().german();
        if (german && (!running || time.source().equalsIgnoreCase(TimeService.LOCAL_CMOS_CLOCK))) {
            return Natives.refuse(ctx, "w32tm", "the German text of w32tm on a host whose time service is stopped or"
                    + " on its local CMOS clock (de-DE)");
        }
        if (Switches.has(args, "query")) {
            if (!running) {
                return notStarted(ctx);
            }
            if (Switches.has(args, "status")) {
                if (german) {
                    ctx.output().stdout(W32tmGerman.status(time) + (Switches.has(args, "verbose")
                            ? W32tmGerman.verbose(sinceSync(time, ctx)) : ""));
                    return 0;
                }
                ctx.output().stdout(status(time, ctx) + (Switches.has(args, "verbose") ? verbose(time, ctx) : ""));
                return 0;
            }
            if (Switches.has(args, "source")) {
                ctx.output().stdout(time.source() + "\r\n");
                return 0;
            }
            if (german) {
                return Natives.refuse(ctx, "w32tm", "w32tm /query other than /status and /source in German (de-DE)");
            }
            if (Switches.has(args, "configuration")) {
                String type = ctx.host().registry().value(PolicyKeys.W32TIME_PARAMETERS, "Type")
                        .map(v -> String.valueOf(v.data())).orElse("NT5DS");
                ctx.output().stdout("[Configuration]\r\n\r\n[TimeProviders]\r\n\r\nNtpClient (Local)\r\nType: " + type
                        + " (Local)\r\nNtpServer: " + time.source() + " (Local)\r\n");
                return 0;
            }
            return invalid(ctx);
        }
        if (Switches.has(args, "resync")) {
            if (!running) {
                return notStarted(ctx);
            }
            if (!ctx.host().resyncTime()) {
                ctx.output().stdout("Sending resync command to local computer\r\n"
                        + "The computer did not resync because no time data was available.\r\n");
                return NO_TIME_DATA;
            }
            ctx.output().stdout(german ? W32tmGerman.RESYNC + W32tmGerman.OK
                    : "Sending resync command to local computer\r\nThe command completed successfully.\r\n");
            return 0;
        }
        if (Switches.has(args, "config")) {
            Registry reg = ctx.host().registry();
            Switches.value(args, "manualpeerlist").ifPresent(p ->
                    reg.put(PolicyKeys.W32TIME_PARAMETERS, RegistryValue.string("NtpServer", p.trim())));
            Switches.value(args, "syncfromflags").ifPresent(f -> reg.put(PolicyKeys.W32TIME_PARAMETERS,
                    RegistryValue.string("Type", f.equalsIgnoreCase("domhier") ? "NT5DS" : "NTP")));
            // the source follows the configuration (on Windows after /update and the next sync)
            String type = reg.value(PolicyKeys.W32TIME_PARAMETERS, "Type").map(v -> String.valueOf(v.data())).orElse("NT5DS");
            if (type.equalsIgnoreCase("NTP")) {
                reg.value(PolicyKeys.W32TIME_PARAMETERS, "NtpServer").ifPresent(v -> time.setSource(String.valueOf(v.data())));
            } else {
                // the lab's only DC is the PDC emulator: with domhier it has no parent and falls back to its own clock
                time.setSource(ctx.host().isDomainController() ? "Local CMOS Clock" : "NVDC01." + ctx.host().dnsDomain());
            }
            ctx.output().stdout(german ? W32tmGerman.OK : "The command completed successfully.\r\n");
            return 0;
        }
        if (german) {
            return Natives.refuse(ctx, "w32tm", "w32tm " + String.join(" ", args) + " in German (de-DE)");
        }
        if (Switches.has(args, "stripchart")) {
            String computer = Switches.value(args, "computer").orElse(time.source());
            int samples = Switches.value(args, "samples").map(Integer::parseInt).orElse(1);
            StringBuilder sb = new StringBuilder();
            LocalDateTime now = LocalDateTime.ofInstant(ctx.host().clock().instant(), ZoneOffset.UTC);
            if (!Switches.has(args, "dataonly")) {
                sb.append("Tracking ").append(computer).append(" [10.20.0.10:123].\r\nCollecting ").append(samples)
                        .append(" samples.\r\n");
            }
            sb.append("The current time is ").append(US.format(now)).append(".\r\n");
            for (int i = 0; i < samples; i++) {
                sb.append(now.plusSeconds(2L * i).toLocalTime().withNano(0)).append(", ")
                        .append(String.format(Locale.ROOT, "%+010.7fs", -time.offsetSeconds())).append("\r\n");
            }
            ctx.output().stdout(sb.toString());
            return 0;
        }
        return invalid(ctx);
    }

    private static String status(TimeService time, ShellContext ctx) {
        Instant last = time.lastSync();
        boolean local = time.source().equalsIgnoreCase(TimeService.LOCAL_CMOS_CLOCK);
        // a DC on its own clock is the root of the hierarchy: stratum 1, reference "LOCL", no delay
        return "Leap Indicator: 0(no warning)\r\n"
                + (local ? "Stratum: 1 (primary reference - syncd by radio clock)\r\n"
                        : "Stratum: 3 (secondary reference - syncd by (S)NTP)\r\n")
                + "Precision: -23 (119.209ns per tick)\r\n"
                + "Root Delay: " + (local ? "0.0000000s" : "0.0312500s") + "\r\n"
                + "Root Dispersion: " + String.format(Locale.ROOT, "%.7fs", 0.01 + Math.abs(time.offsetSeconds())) + "\r\n"
                + (local ? "ReferenceId: 0x4C4F434C (source name:  \"LOCL\")\r\n"
                        : "ReferenceId: 0x0A14000A (source IP:  10.20.0.10)\r\n")
                + "Last Successful Sync Time: " + US.format(LocalDateTime.ofInstant(last, ZoneOffset.UTC)) + "\r\n"
                + "Source: " + time.source() + "\r\n"
                + "Poll Interval: 10 (1024s)\r\n"
                + "Phase Offset: " + String.format(Locale.ROOT, "%.7fs", time.offsetSeconds()) + "\r\n";
    }

    /** The extra lines of /status /verbose that runbooks read: the sync age is locale-independent seconds. */
    private static double sinceSync(TimeService time, ShellContext ctx) {
        return Duration.between(time.lastSync(), ctx.host().clock().instant()).toMillis() / 1000.0;
    }

    private static String verbose(TimeService time, ShellContext ctx) {
        double since = sinceSync(time, ctx);
        return "Last Sync Error: 0 (The command completed successfully.)\r\n"
                + "Time since Last Good Sync Time: " + String.format(Locale.ROOT, "%.7fs", since) + "\r\n";
    }

    private static int notStarted(ShellContext ctx) {
        ctx.output().stdout("The following error occurred: The service has not been started. (0x80070426)\r\n");
        return SERVICE_NOT_STARTED;
    }

    private static int invalid(ShellContext ctx) {
        ctx.output().stdout("The following error occurred: The parameter is incorrect. (0x80070057)\r\n");
        return 0x80070057;
    }
}
