package dev.osiris.relay.alerts;

import dev.osiris.relay.store.PendingAlert;

import java.util.Locale;

/**
 * The words of an alert mail: what happened, where, and how to resolve it. It names the site, host, runbook and
 * reason; it carries neither the observed state nor anything secret.
 */
public record AlertMail(String to, String subject, String text) {

    public static AlertMail of(PendingAlert a) {
        if (a.signup() != null) {
            return signup(a);
        }
        String subject = "[Osiris] " + a.severity().toUpperCase(Locale.ROOT) + " incident at " + oneLine(a.siteName())
                + ": " + a.runbookId() + " on " + oneLine(a.host());
        String text = """
                An appliance escalated a drift it could not or may not heal on its own.

                Site:      %s (%s)
                Host:      %s
                Runbook:   %s version %d
                Severity:  %s
                Reason:    %s
                Summary:   %s
                Raised at: %s
                Incident:  %s (appliance %s)

                Resolve it with the relay's operator API:
                  POST /api/sites/%s/incidents/%s/resolve
                  {"action":"runbook","runbookId":"...","note":"..."} or {"action":"manual","note":"..."}
                """.formatted(a.siteName(), a.siteId(), a.host(), a.runbookId(), a.runbookVersion(), a.severity(),
                a.reason(), a.summary(), a.raisedAt(), a.incidentId(), a.applianceId(), a.siteId(), a.incidentId());
        return new AlertMail(a.recipient(), subject, text);
    }

    /** A platform admin's notice of a pending signup: who, with which provider; approve or reject in the portal. */
    private static AlertMail signup(PendingAlert a) {
        PendingAlert.Signup s = a.signup();
        String who = s.email() == null ? "someone without an e-mail claim" : s.email();
        String subject = "[Osiris] sign-up waiting for approval: " + oneLine(who) + " (" + oneLine(s.provider()) + ")";
        String text = """
                Someone signed in to the partner portal and waits for a platform admin.

                Who:       %s (not verified by this mail; check the provider's identity in the portal)
                Provider:  %s
                Verified domain or tenant: %s
                Signed in: %s
                Sign-up:   %s

                Approve (into a partner, with a role) or reject it on the portal's platform page,
                or: POST /api/platform/signups/%s/approve {"partnerId":"...","role":"readonly"}
                """.formatted(who, s.provider(), s.verifiedDomain() == null ? "none" : s.verifiedDomain(),
                a.raisedAt(), s.id(), s.id());
        return new AlertMail(a.recipient(), subject, text);
    }

    /** Header values must stay on one line: control characters would let a name inject headers. */
    private static String oneLine(String value) {
        String clean = value.replaceAll("\\p{Cntrl}", " ").strip();
        return clean.length() <= 80 ? clean : clean.substring(0, 80) + "...";
    }
}
