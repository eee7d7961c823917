package dev.osiris.lab.windows.shell;

/** Where a running command writes: text for stdout and stderr (encoded as UTF-8 by the transport). */
public interface ShellOutput {
    void stdout(String text);

    void stderr(String text);

    /**
     * A record of PowerShell's warning, verbose or debug stream ({@code stream} is "warning", "verbose" or "debug").
     * powershell.exe writes it where its errors go: with the console's prefix as text, or as its own CLIXML record.
     */
    default void stream(String stream, String text) {
        stderr(stream.toUpperCase(java.util.Locale.ROOT) + ": " + text);
    }
}
