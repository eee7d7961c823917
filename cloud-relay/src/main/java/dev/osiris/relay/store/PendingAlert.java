package dev.osiris.relay.store;

import java.time.Instant;

/** An alert mail due to be sent: whom to tell, and what about (no observed state, no secrets). */
public record PendingAlert(long id, String recipient, int attempts, String siteId, String siteName,
                           String applianceId, String incidentId, String host, String runbookId, int runbookVersion,
                           String severity, String reason, String summary, Instant raisedAt) {
}
