package dev.osiris.lab.windows.shell;

import dev.osiris.lab.windows.shell.cmdlets.StandardCmdlets;
import dev.osiris.lab.windows.shell.natives.StandardNatives;
import dev.osiris.lab.windows.shell.ps.CmdletRegistry;
import dev.osiris.lab.windows.shell.ps.PsInterpreter;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs a WinRS command line the way cmd.exe would on the emulated host: natives (auditpol, netsh ...),
 * {@code cmd /c}, and {@code powershell -EncodedCommand|-Command}. Thread-safe; one instance serves all
 * commands, each run on its own thread.
 */
public final class WindowsShell {

    /** cmd.exe's limit on one command line. */
    public static final int MAX_COMMAND_LINE = 8191;

    private final CmdletRegistry cmdlets = StandardCmdlets.create();
    private final Map<String, NativeCommand> natives = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final boolean clixmlErrors;

    /** A shell whose PowerShell errors are plain text on stderr. */
    public WindowsShell() {
        this(false);
    }

    /**
     * @param clixmlErrors write powershell.exe's stderr as CLIXML ({@code #< CLIXML}), as real Windows does when
     *                     PowerShell runs under WinRS; plain text otherwise
     */
    public WindowsShell(boolean clixmlErrors) {
        this.clixmlErrors = clixmlErrors;
        StandardNatives.register(natives, this);
    }

    /**
     * Runs a command line; output goes to {@code ctx.output()}. Returns the exit code.
     *
     * @throws PsInterpreter.Cancelled if the thread was interrupted (the command was terminated)
     */
    public int run(String commandLine, ShellContext ctx) {
        if (commandLine.length() > MAX_COMMAND_LINE) {
            ctx.output().stderr("The command line is too long.\r\n");
            return 1;
        }
        return new CmdLine(this, ctx).run(commandLine);
    }

    /** Runs a PowerShell script as powershell.exe -NonInteractive would; returns its exit code. */
    public int runPowerShell(String script, ShellContext ctx) {
        if (!clixmlErrors) {
            return new PsInterpreter(ctx, cmdlets, this::findNative).run(script);
        }
        Clixml.ErrorStream errors = new Clixml.ErrorStream(ctx.output());
        try {
            return new PsInterpreter(ctx.withOutput(errors), cmdlets, this::findNative).run(script);
        } finally {
            errors.flush();
        }
    }

    public Optional<NativeCommand> findNative(String name) {
        String n = name.toLowerCase();
        if (n.endsWith(".exe")) {
            n = n.substring(0, n.length() - 4);
        }
        return Optional.ofNullable(natives.get(n));
    }

    /** Names of all cmdlets (for documentation and tests). */
    public java.util.List<String> cmdletNames() {
        return cmdlets.names();
    }
}
