package dev.osiris.relay.store;

import dev.osiris.protocol.checkin.Incident;
import dev.osiris.protocol.checkin.Resolution;
import io.vertx.core.Future;

import java.util.List;

/**
 * Incidents escalated by appliances, stored once per (appliance, incident id) by the check-in that carries them
 * ({@link CheckinStore#record}), with their resolutions and the alert mails they call for. Futures fail with {@link dev.osiris.relay.RelayException}: 404 for a site or incident
 * the tenant cannot see, 409 for resolving a resolved incident.
 */
public interface IncidentStore {

    /** Which incidents a listing shows. */
    enum Status { OPEN, RESOLVED, ANY }

    /** Newest first, at most {@code limit}. */
    Future<List<StoredIncident>> list(Tenant tenant, String siteId, Status status, int limit);

    /**
     * The site's incident with this id (if two appliances used the same id, the one received last).
     */
    Future<StoredIncident> get(Tenant tenant, String siteId, String incidentId);

    /** Records the resolution unless the incident already has one (409). */
    Future<StoredIncident> resolve(Tenant tenant, String siteId, String applianceId, Resolution resolution);
}
