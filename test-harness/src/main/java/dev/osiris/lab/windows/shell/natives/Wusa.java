package dev.osiris.lab.windows.shell.natives;

import dev.osiris.lab.windows.shell.NativeCommand;
import dev.osiris.lab.windows.shell.ShellContext;
import java.util.List;
import java.util.Locale;

/** wusa.exe /uninstall /kb:NNNNNNN [/quiet] [/norestart]: removes an installed update. */
final class Wusa implements NativeCommand {

    private static final int NOT_INSTALLED = 0x00240006;
    private static final int REBOOT_REQUIRED = 3010;

    @Override
    public int run(List<String> args, ShellContext ctx) {
        if (!Switches.has(args, "uninstall")) {
            // installing .msu packages is not modelled: there are no packages on the emulated disk
            ctx.output().stderr("wusa: the Windows host emulator only uninstalls updates (/uninstall /kb:N).\r\n");
            return 87;
        }
        String kb = Switches.value(args, "kb").map(v -> "KB" + v.replaceFirst("(?i)^kb", "")).orElse("");
        boolean removed = ctx.host().updates().remove(kb.toUpperCase(Locale.ROOT));
        // /quiet prints nothing; the exit code carries the result
        return removed ? REBOOT_REQUIRED : NOT_INSTALLED;
    }
}
