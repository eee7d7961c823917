package dev.osiris.lab.windows.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Kerberos' clock rule for domain logons (MaxClockSkew, 5 minutes by default): the KDC refuses an AS-REQ whose
 * timestamp is further than that from its own clock, and a member refuses an authenticator likewise
 * (KRB_AP_ERR_SKEW). The client here is the appliance, whose clock is true time, so a domain account is refused on
 * any host when its domain controller's clock (or the host's own) is more than 5 minutes off. Local accounts are
 * authenticated by the host alone and are never refused for time. Plain Java.
 */
public final class KerberosClock {

    /** Windows' default MaxClockSkew. */
    public static final double MAX_SKEW_SECONDS = 300;

    private KerberosClock() {
    }

    /** Why a logon with this account is refused for clock skew on this host, or empty when it is not. */
    public static Optional<String> skewRefusal(WindowsHost host, Account account) {
        if (account.isLocal()) {
            return Optional.empty();
        }
        Optional<WindowsHost> kdc = host.domainControllerHost();
        if (kdc.isPresent() && Math.abs(kdc.get().time().offsetSeconds()) > MAX_SKEW_SECONDS) {
            return Optional.of(refusal(kdc.get()));
        }
        if (Math.abs(host.time().offsetSeconds()) > MAX_SKEW_SECONDS) {
            return Optional.of(refusal(host));
        }
        return Optional.empty();
    }

    private static String refusal(WindowsHost skewed) {
        return String.format(Locale.ROOT, "KRB_AP_ERR_SKEW (0x80090324 SEC_E_TIME_SKEW): the clock of %s is %.0f s off,"
                + " more than the 5 minutes Kerberos allows", skewed.name(), skewed.time().offsetSeconds());
    }
}
