package dev.osiris.lab.windows.shell.cmdlets;

import dev.osiris.lab.windows.shell.ps.CmdletCall;
import dev.osiris.lab.windows.shell.ps.PsError;

/** Error records with a specific FullyQualifiedErrorId. */
final class PsErrors {
    private PsErrors() {
    }

    static PsError notFound(CmdletCall c, String message, String errorId, String target) {
        return PsError.of(c.name(), message, "ObjectNotFound", errorId + ",Microsoft.PowerShell.Commands."
                + c.name().replace("-", "") + "Command", target);
    }
}
