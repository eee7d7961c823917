package dev.osiris.lab.runbooks;

import dev.osiris.lab.windows.WinRmEmulator;
import dev.osiris.lab.windows.model.WindowsHost;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;

import java.util.Locale;

/** How the runbook tests reach an emulated Windows host: as the agent does, over the agent's own WinRM adapter. */
final class EmulatedTargets {

    private EmulatedTargets() {
    }

    /**
     * NTLM over https, certificate pinned, with the domain service account. Not NTLM-sealed http: about one run in
     * four, a sealed message there fails the emulator's sequence check ("seq 2") and the call ends in a 400; that
     * transport has its own tests (WinRmAgainstEmulatorIT), these tests are about the runbooks.
     */
    static Target target(WinRmEmulator host) {
        return new Target(host.host().name().toLowerCase(Locale.ROOT), "127.0.0.1", Transport.WINRM, host.httpsPort(),
                true, "ntlm", WindowsHost.DOMAIN_ACCOUNT.domain() + "\\" + WindowsHost.DOMAIN_ACCOUNT.user(),
                new Secret(WindowsHost.DOMAIN_ACCOUNT.password()), host.certificateSha256());
    }
}
