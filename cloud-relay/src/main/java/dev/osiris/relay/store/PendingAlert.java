package dev.osiris.relay.store;

import java.time.Instant;

/**
 * An alert mail due to be sent: whom to tell, and what about (no observed state, no secrets): an incident, or, when
 * {@code signup} is set (and the incident's fields are null), a new pending signup for the platform admins.
 */
public record PendingAlert(long id, String recipient, int attempts, String siteId, String siteName,
                           String applianceId, String incidentId, String host, String runbookId, int runbookVersion,
                           String severity, String reason, String summary, Instant raisedAt, Signup signup) {

    /** A pending signup: who signed in with which provider, and the domain or tenant it verified (or null). */
    public record Signup(String id, String provider, String email, String verifiedDomain) {
    }

    public PendingAlert(long id, String recipient, int attempts, String siteId, String siteName, String applianceId,
                        String incidentId, String host, String runbookId, int runbookVersion, String severity,
                        String reason, String summary, Instant raisedAt) {
        this(id, recipient, attempts, siteId, siteName, applianceId, incidentId, host, runbookId, runbookVersion,
                severity, reason, summary, raisedAt, null);
    }
}
