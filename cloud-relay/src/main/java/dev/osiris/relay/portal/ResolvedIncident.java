package dev.osiris.relay.portal;

import java.time.Instant;

/**
 * A resolved incident as the site page lists it: what drifted, how it was resolved, by whom, and whether the
 * appliance has taken the resolution yet (for a runbook, it then runs it on the host and verifies).
 *
 * @param resolutionRunbookId the runbook chosen, null for a resolution by hand
 * @param deliveredAt         when the appliance acknowledged the resolution; null while it waits for a check-in
 */
public record ResolvedIncident(String id, String host, String runbookId, String summary, String action,
                               String resolutionRunbookId, String note, String resolvedBy, Instant resolvedAt,
                               Instant deliveredAt) {
}
