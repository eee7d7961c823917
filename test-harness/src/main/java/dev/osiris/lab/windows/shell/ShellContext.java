package dev.osiris.lab.windows.shell;

import dev.osiris.lab.windows.model.WindowsHost;
import java.util.Map;

/**
 * Everything a command runs with: the host model, who is logged on, where output goes, how to wait.
 *
 * @param userDomain  NetBIOS domain of the logged-on user, or the host name for a local account
 * @param environment extra environment variables of the shell (WinRS rsp:Environment)
 */
public record ShellContext(WindowsHost host, String userDomain, String userName, ShellOutput output, Sleeper sleeper,
                           Map<String, String> environment) {

    public ShellContext {
        environment = Map.copyOf(environment);
    }

    public ShellContext(WindowsHost host, String userDomain, String userName, ShellOutput output, Sleeper sleeper) {
        this(host, userDomain, userName, output, sleeper, Map.of());
    }

    /** {@code nvdental\osiris-svc}, as whoami prints it. */
    public String whoami() {
        return (userDomain + "\\" + userName).toLowerCase();
    }

    public ShellContext withOutput(ShellOutput other) {
        return new ShellContext(host, userDomain, userName, other, sleeper, environment);
    }
}
