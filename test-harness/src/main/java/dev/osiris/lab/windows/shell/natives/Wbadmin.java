package dev.osiris.lab.windows.shell.natives;

import dev.osiris.lab.windows.shell.NativeCommand;
import dev.osiris.lab.windows.shell.ShellContext;
import java.util.List;

/** wbadmin.exe: {@code delete catalog [-quiet]} (what ransomware runs) and {@code get versions}. */
final class Wbadmin implements NativeCommand {

    private static final String BANNER = "wbadmin 1.0 - Backup command-line tool\r\n"
            + "(C) Copyright Microsoft Corporation. All rights reserved.\r\n\r\n";

    @Override
    public int run(List<String> args, ShellContext ctx) {
        String verb = args.size() >= 2 ? (args.get(0) + " " + args.get(1)).toLowerCase(java.util.Locale.ROOT) : "";
        switch (verb) {
            case "delete catalog" -> {
                ctx.host().backups().deleteCatalog();
                ctx.output().stdout(BANNER + "The backup catalog has been successfully deleted.\r\n");
                return 0;
            }
            case "get versions" -> {
                var b = ctx.host().backups();
                ctx.output().stdout(BANNER + (b.versions() == 0 || b.lastSuccessfulBackup() == null
                        ? "There are no backups available.\r\n"
                        : "Backup time: " + b.lastSuccessfulBackup() + "\r\nVersion identifier: " + b.versions() + "\r\n"));
                return 0;
            }
            default -> {
                ctx.output().stdout(BANNER + "ERROR - The command is not supported by the Windows host emulator.\r\n");
                return 1;
            }
        }
    }
}
