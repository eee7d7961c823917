package dev.osiris.relay.incidents;

import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.checkin.Resolution;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.relay.store.IncidentStore;
import dev.osiris.relay.store.StoredIncident;
import dev.osiris.relay.store.Tenant;
import io.vertx.core.Future;

import java.time.Instant;
import java.time.Clock;
import java.util.List;

/**
 * What operators do with incidents (L3): list, read and resolve them. A resolution by runbook must name a catalog
 * runbook of the incident host's platform that heals unattended: the appliance runs its remediation on the host,
 * verifies the drifted check and learns it for that drift, and refuses any other. Futures fail with
 * {@link dev.osiris.relay.RelayException} (404 for what the tenant cannot see, 409 for an incident resolved
 * already) or {@link InvalidMessageException} (400).
 */
public final class Incidents {

    public static final int MAX_LIST = 1_000;

    private final IncidentStore store;
    private final RunbookCatalog catalog;
    private final Clock clock;

    public Incidents(IncidentStore store, RunbookCatalog catalog, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** @param status open, resolved, or null for both */
    public Future<List<StoredIncident>> list(Tenant tenant, String siteId, String status) {
        IncidentStore.Status filter;
        if (status == null || status.isEmpty()) {
            filter = IncidentStore.Status.ANY;
        } else if (status.equals("open")) {
            filter = IncidentStore.Status.OPEN;
        } else if (status.equals("resolved")) {
            filter = IncidentStore.Status.RESOLVED;
        } else {
            return Future.failedFuture(new InvalidMessageException("status must be open or resolved"));
        }
        return store.list(tenant, siteId, filter, MAX_LIST);
    }

    public Future<StoredIncident> get(Tenant tenant, String siteId, String incidentId) {
        return store.get(tenant, siteId, incidentId);
    }

    /** @param resolvedBy the operator key's name */
    public Future<StoredIncident> resolve(Tenant tenant, String siteId, String incidentId, ResolveRequest request,
                                          String resolvedBy) {
        return store.get(tenant, siteId, incidentId).compose(found -> {
            if (request.runbookId() != null) {
                requireRemedy(request.runbookId(), found.incident().runbookId());
            }
            Resolution resolution = new Resolution(found.incident().id(), request.action(), request.runbookId(),
                    request.note(), resolvedBy, clock.instant());
            return store.resolve(tenant, siteId, found.applianceId(), resolution);
        });
    }

    /** The appliance runs only an auto-healing catalog runbook of the host's platform; refuse the rest here. */
    private void requireRemedy(String chosen, String drifted) {
        Runbook runbook = catalog.find(chosen).orElseThrow(() ->
                new InvalidMessageException("resolution.runbookId: unknown runbook " + chosen));
        Platform platform = runbook.platform();
        if (!drifted.startsWith(platform.idPrefix())) {
            throw new InvalidMessageException("resolution.runbookId: " + chosen + " is a " + platform.wire()
                    + " runbook; incident runbook " + drifted + " is not");
        }
        if (!runbook.autoHealable()) {
            throw new InvalidMessageException("resolution.runbookId: " + chosen + " has no unattended remediation"
                    + " (heal: " + runbook.heal().wire() + "); resolve by hand instead");
        }
    }
}
