package dev.osiris.lab.bench.healing;

import java.lang.reflect.Method;
import java.util.List;

/**
 * How many cmd.exe command lines the agent's WinRM shell sends for one script: asked of the agent's own
 * package-private splitter ({@code WinRmCommandLines}) rather than a copy of its rule, so the figure follows it.
 */
final class ShellCommands {

    private ShellCommands() {
    }

    /** The number of shell commands, or -1 when the agent's splitter cannot be reached. */
    static int forWindowsScript(String wrappedScript) {
        try {
            Method split = Class.forName("dev.osiris.agent.remote.WinRmCommandLines")
                    .getDeclaredMethod("forScript", String.class);
            split.setAccessible(true);
            return ((List<?>) split.invoke(null, wrappedScript)).size();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }
}
