package dev.osiris.lab.windows.shell.natives;

import dev.osiris.lab.windows.shell.NativeCommand;
import dev.osiris.lab.windows.shell.ShellContext;
import java.time.Duration;
import java.util.List;

/** MpCmdRun.exe (Defender's command line): -SignatureUpdate, -RemoveDefinitions [-All | -DynamicSignatures]. */
final class MpCmdRun implements NativeCommand {

    /** How old the definitions shipped with the platform are on the lab's hosts (installed 400 days ago). */
    static final Duration SHIPPED_DEFINITIONS_AGE = Duration.ofDays(400);

    @Override
    public int run(List<String> args, ShellContext ctx) {
        if (!ctx.host().services().isRunning("WinDefend")) {
            ctx.output().stdout("ERROR: MpCmdRun: the Microsoft Defender Antivirus service is not running (0x800106ba)\r\n");
            return 2;
        }
        if (Switches.has(args, "SignatureUpdate")) {
            ctx.output().stdout("Signature update started . . .\r\nSignature update finished.\r\n");
            ctx.host().defender().updateSignatures(ctx.host().clock().instant());
            return 0;
        }
        if (Switches.has(args, "RemoveDefinitions") && Switches.has(args, "All")) {
            ctx.output().stdout("\r\nStarting engine and signature rollback to none...\r\nDone!\r\n");
            ctx.host().defender().rollBackToShipped(ctx.host().clock().instant().minus(SHIPPED_DEFINITIONS_AGE));
            return 0;
        }
        ctx.output().stdout("Usage:\r\nMpCmdRun.exe [command] [-options]\r\n");
        return 2;
    }
}
