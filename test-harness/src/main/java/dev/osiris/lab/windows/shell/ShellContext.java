package dev.osiris.lab.windows.shell;

import dev.osiris.lab.windows.model.WindowsHost;

/**
 * Everything a command runs with: the host model, who is logged on, where output goes, how to wait.
 *
 * @param userDomain NetBIOS domain of the logged-on user, or the host name for a local account
 */
public record ShellContext(WindowsHost host, String userDomain, String userName, ShellOutput output, Sleeper sleeper) {

    /** {@code nvdental\osiris-svc}, as whoami prints it. */
    public String whoami() {
        return (userDomain + "\\" + userName).toLowerCase();
    }

    public ShellContext withOutput(ShellOutput other) {
        return new ShellContext(host, userDomain, userName, other, sleeper);
    }
}
