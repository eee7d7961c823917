package dev.osiris.relay.store;

import io.vertx.core.Future;

import java.time.Duration;

/**
 * Site configurations for check-ins, cached until the {@link ChangeFeed} announces the site's change (made by this
 * or any other relay process or the CLI) or the time to live runs out; this process also invalidates a site as
 * soon as it changes it itself.
 */
public final class SiteConfigCache {

    private final SiteStore sites;
    private final TtlCache<String, SiteConfig> cache;

    public SiteConfigCache(SiteStore sites, Duration ttl, ChangeFeed feed) {
        this.sites = sites;
        this.cache = new TtlCache<>(ttl, 50_000, System::nanoTime, feed::live);
        feed.onChange((kind, id) -> {
            if (kind.equals("site")) {
                cache.invalidate(id);
            }
        }, cache::clear);
    }

    public Future<SiteConfig> get(String siteId) {
        return cache.get(siteId, sites::config);
    }

    public void invalidate(String siteId) {
        cache.invalidate(siteId);
    }
}
