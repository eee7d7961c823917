package dev.osiris.relay.store;

import dev.osiris.protocol.checkin.Incident;
import dev.osiris.protocol.checkin.Resolution;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/**
 * Incidents escalated by appliances, stored once per (appliance, incident id), with their resolutions and the
 * alert mails they call for. Futures fail with {@link dev.osiris.relay.RelayException}: 404 for a site or incident
 * the tenant cannot see, 409 for resolving a resolved incident.
 */
public interface IncidentStore {

    /** Which incidents a listing shows. */
    enum Status { OPEN, RESOLVED, ANY }

    /**
     * Stores the incidents not stored yet, queues an alert for each new one that the site's alert policy asks for
     * (to the site's address, else {@code defaultRecipient}; none when neither is set), marks the acknowledged
     * resolutions as taken, all in one statement.
     *
     * @return the resolutions the appliance still has to take, excluding those it acknowledges here;
     *         fails with 404 if the appliance no longer exists
     */
    Future<List<Resolution>> receive(String applianceId, List<Incident> incidents, List<String> ackedResolutions,
                                     Optional<String> defaultRecipient);

    /** Newest first, at most {@code limit}. */
    Future<List<StoredIncident>> list(Tenant tenant, String siteId, Status status, int limit);

    /**
     * The site's incident with this id (if two appliances used the same id, the one received last).
     */
    Future<StoredIncident> get(Tenant tenant, String siteId, String incidentId);

    /** Records the resolution unless the incident already has one (409). */
    Future<StoredIncident> resolve(Tenant tenant, String siteId, String applianceId, Resolution resolution);
}
