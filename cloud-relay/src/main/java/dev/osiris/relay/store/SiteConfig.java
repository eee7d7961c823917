package dev.osiris.relay.store;

import java.util.List;

/** What a check-in needs of its site: the settings and the credentials, secrets still sealed. */
public record SiteConfig(Site site, List<StoredCredential> credentials) {

    public SiteConfig {
        credentials = List.copyOf(credentials);
    }
}
