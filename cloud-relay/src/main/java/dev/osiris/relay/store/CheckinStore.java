package dev.osiris.relay.store;

import dev.osiris.protocol.checkin.CheckinRequest;
import dev.osiris.protocol.checkin.ComplianceReport;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.checkin.Order;
import io.vertx.core.Future;

import java.util.List;

/** Check-in reports, stored once per (appliance, seq), with the compliance report each carries. */
public interface CheckinStore {

    /** What the relay tells the appliance back besides its site's configuration. */
    record Outcome(EvidenceHead evidenceHead, List<Order> pendingOrders) {
    }

    /**
     * Stores the report unless one with its seq is stored already (a re-send), marks the orders it acknowledges,
     * and updates the appliance's last contact, all in one statement.
     *
     * @return fails with 404 if the appliance no longer exists
     */
    Future<Outcome> record(String applianceId, CheckinRequest report);

    /**
     * The latest compliance report any appliance of the site has sent, or {@link ComplianceReport#EMPTY}.
     *
     * @return fails with 404 for a site the tenant cannot see
     */
    Future<ComplianceReport> compliance(Tenant tenant, String siteId);
}
