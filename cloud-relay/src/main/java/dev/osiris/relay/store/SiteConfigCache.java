package dev.osiris.relay.store;

import io.vertx.core.Future;

import java.time.Duration;

/** Site configurations for check-ins, cached briefly; this process invalidates a site whenever it changes it. */
public final class SiteConfigCache {

    private final SiteStore sites;
    private final TtlCache<String, SiteConfig> cache;

    public SiteConfigCache(SiteStore sites, Duration ttl) {
        this.sites = sites;
        this.cache = new TtlCache<>(ttl, 50_000);
    }

    public Future<SiteConfig> get(String siteId) {
        return cache.get(siteId, sites::config);
    }

    public void invalidate(String siteId) {
        cache.invalidate(siteId);
    }
}
