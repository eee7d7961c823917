package dev.osiris.relay.runbooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.relay.store.Site;
import dev.osiris.relay.store.SiteConfigCache;
import dev.osiris.relay.store.SiteStore;
import dev.osiris.relay.store.Tenant;
import io.vertx.core.Future;

import java.util.HashSet;
import java.util.Set;

/**
 * A site's runbook settings against the relay's catalog: the whole catalog with each runbook's enabled flag, and
 * the site's healing mode, dry run, scan interval and baseline. Futures fail with
 * {@link dev.osiris.relay.RelayException} 404 for a site the tenant cannot see, or with
 * {@link dev.osiris.protocol.InvalidMessageException} (400) for an invalid change, before anything is written.
 */
public final class SiteRunbooks {

    private final SiteStore sites;
    private final SiteConfigCache configs;
    private final RunbookCatalog catalog;

    public SiteRunbooks(SiteStore sites, SiteConfigCache configs, RunbookCatalog catalog) {
        this.sites = sites;
        this.configs = configs;
        this.catalog = catalog;
    }

    public RunbookCatalog catalog() {
        return catalog;
    }

    public Future<ObjectNode> view(Tenant tenant, String siteId) {
        return sites.get(tenant, siteId).map(this::toJson);
    }

    public Future<ObjectNode> update(Tenant tenant, String siteId, JsonNode body) {
        return Future.succeededFuture(body)
                .map(b -> RunbookSelection.parse(b, catalog))
                .compose(patch -> sites.update(tenant, siteId, patch))
                .onSuccess(s -> configs.invalidate(siteId))
                .map(this::toJson);
    }

    /** {@code {"siteId","healingMode","dryRun","scanIntervalSeconds","baseline","runbooks":[...]}} */
    ObjectNode toJson(Site site) {
        ObjectNode json = Json.object();
        json.put("siteId", site.id());
        json.put("healingMode", site.healingMode().wire());
        json.put("dryRun", site.dryRun());
        json.put("scanIntervalSeconds", site.scanIntervalSeconds());
        json.set("baseline", site.baseline());
        Set<String> enabled = new HashSet<>(site.enabledRunbooks());
        ArrayNode runbooks = json.putArray("runbooks");
        for (Runbook r : catalog.all()) {
            runbooks.addObject().put("id", r.id()).put("version", r.version()).put("title", r.title())
                    .put("platform", r.platform().wire()).put("severity", r.severity().wire())
                    .put("heal", r.heal().wire()).put("standard", r.standard()).put("enabled", enabled.contains(r.id()));
        }
        return json;
    }
}
