package dev.osiris.agent.runbook;

import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.RunbookCatalog;

/**
 * What every runbook script is wrapped in before it is sent: the platform prelude, PowerShell's stop-on-error
 * preference, and on Linux {@code sudo -n timeout ... sh -s} when the account is not root (the script travels on stdin of
 * the login shell as a quoted here-document, so nothing in it is expanded twice).
 */
public final class PlatformScripts {

    private static final String HEREDOC = "OSIRIS_SCRIPT_EOF";

    private PlatformScripts() {
    }

    public static Platform platformOf(Target target) {
        return target.transport() == Transport.WINRM ? Platform.WINDOWS : Platform.LINUX;
    }

    /**
     * @param timeout on Linux the script also runs under coreutils {@code timeout}, as root: the agent's own kill of a
     *                script that overran reaches only the login user's processes, not what sudo started
     */
    public static String wrap(RunbookCatalog catalog, Target target, String body, java.time.Duration timeout) {
        Platform platform = platformOf(target);
        String prelude = catalog.prelude(platform);
        if (platform == Platform.WINDOWS) {
            return "$ProgressPreference = 'SilentlyContinue'\n$ErrorActionPreference = 'Stop'\n" + prelude + "\n" + body;
        }
        String script = prelude + "\n" + body + "\n";
        if (script.contains("\n" + HEREDOC + "\n")) {
            throw new IllegalArgumentException("script contains the here-document terminator " + HEREDOC);
        }
        String limit = "timeout -k 5 " + Math.max(1, timeout.toSeconds()) + " sh -s <<'" + HEREDOC + "'\n" + script + HEREDOC + "\n";
        return "root".equals(target.account()) ? limit : "sudo -n " + limit;
    }
}
