package dev.osiris.relay.store;

import dev.osiris.protocol.checkin.CheckinRequest;
import dev.osiris.protocol.checkin.ComplianceReport;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.checkin.Order;
import dev.osiris.protocol.checkin.Resolution;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Check-in reports, stored once per (appliance, seq), with the compliance report and the incidents each carries. */
public interface CheckinStore {

    /**
     * What the relay tells the appliance back besides its site's configuration.
     *
     * @param resolutions     operators' resolutions the appliance still has to take, excluding those it
     *                        acknowledges in this report
     * @param credentialsDue  false when a report with this seq or a later one was already answered (a re-send or
     *                        a replay): the answer then carries no credentials
     */
    record Outcome(EvidenceHead evidenceHead, List<Order> pendingOrders, List<Resolution> resolutions,
                   boolean credentialsDue) {
    }

    /**
     * Stores the report unless one with its seq is stored already (a re-send), marks the orders and resolutions
     * it acknowledges, stores the incidents it raises that are not stored yet and queues an alert for each new one
     * the site's alert policy asks for (to the site's address, else {@code defaultRecipient}), and updates the
     * appliance's last contact and current state: all in one transaction, so that a failure stores nothing of the
     * report. The report goes into the history when the appliance's state changed, when it carries incidents or
     * acknowledgements, or when the appliance's last history row is older than the store's interval.
     *
     * @return fails with 404 if the appliance no longer exists
     */
    default Future<Outcome> record(String applianceId, CheckinRequest report, Optional<String> defaultRecipient) {
        return record(applianceId, report, defaultRecipient, GroupCommit.NO_DEADLINE);
    }

    /**
     * {@link #record(String, CheckinRequest, Optional)}, unless the report is still waiting for the database at
     * {@code notAfterNanos} ({@link System#nanoTime()}'s scale).
     *
     * @return fails with 503 {@link GroupCommit#OVERDUE} (nothing stored) when it waited past that, with 404 if
     *         the appliance no longer exists
     */
    Future<Outcome> record(String applianceId, CheckinRequest report, Optional<String> defaultRecipient,
                           long notAfterNanos);

    /**
     * The latest compliance report any appliance of the site has sent, or {@link ComplianceReport#EMPTY}.
     *
     * @return fails with 404 for a site the tenant cannot see
     */
    Future<ComplianceReport> compliance(Tenant tenant, String siteId);

    /**
     * Deletes up to {@code max} history rows (stored reports) received before {@code receivedBefore}, oldest first.
     * The appliances' current state (last contact, status, latest compliance) is kept.
     *
     * @return how many rows were deleted; fails with the database's error
     */
    Future<Integer> dropHistory(Instant receivedBefore, int max);
}
