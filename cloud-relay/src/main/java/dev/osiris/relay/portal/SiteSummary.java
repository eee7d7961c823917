package dev.osiris.relay.portal;

import java.time.Instant;
import java.util.Map;

/**
 * A site as the dashboard shows it.
 *
 * @param scores percent passing per framework, from the site's latest compliance report (empty if none)
 */
public record SiteSummary(String id, String name, int appliances, int online, Instant lastCheckin, int openIncidents,
                          Map<String, Integer> scores) {

    public int offline() {
        return appliances - online;
    }
}
