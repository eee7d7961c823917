package dev.osiris.relay.store;

import io.vertx.core.Future;

import java.util.List;

/** Sites and their configuration. Futures fail with {@link dev.osiris.relay.RelayException} 404 for a site the tenant cannot see. */
public interface SiteStore {

    Future<Site> create(Tenant tenant, String name);

    Future<List<Site>> list(Tenant tenant);

    Future<Site> get(Tenant tenant, String siteId);

    Future<Site> update(Tenant tenant, String siteId, SitePatch patch);

    /** The site's settings and sealed credentials, for check-ins (no tenant: the appliance key already scopes it). */
    Future<SiteConfig> config(String siteId);
}
