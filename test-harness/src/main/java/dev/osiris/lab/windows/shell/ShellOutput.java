package dev.osiris.lab.windows.shell;

/** Where a running command writes: text for stdout and stderr (encoded as UTF-8 by the transport). */
public interface ShellOutput {
    void stdout(String text);

    void stderr(String text);
}
