package dev.osiris.relay.store;

import java.util.List;

/**
 * What a check-in needs of its site: the settings and the credentials, secrets still sealed.
 *
 * @param version the site's configuration version (V10): a new one with every change of the settings or credentials
 */
public record SiteConfig(Site site, List<StoredCredential> credentials, long version) {

    public SiteConfig {
        credentials = List.copyOf(credentials);
    }
}
