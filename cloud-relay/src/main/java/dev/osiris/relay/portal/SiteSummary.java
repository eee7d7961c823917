package dev.osiris.relay.portal;

import java.time.Instant;

/**
 * A site as the dashboard shows it.
 *
 * @param scoreText percent passing per framework from the site's latest compliance report, {@code "hipaa 93%  soc2
 *                  90%  ..."}; empty before the first report
 */
public record SiteSummary(String id, String name, int appliances, int online, Instant lastCheckin, int openIncidents,
                          String scoreText) {

    public int offline() {
        return appliances - online;
    }

    // What the dashboard prints, made here rather than by template expressions: with 500 rows the expressions were
    // over half of the page's event-loop time (bench portal under JFR).

    /** The site's page. */
    public String path() {
        return PortalPages.PORTAL + "/sites/" + id;
    }

    /** {@code "online / all"} */
    public String onlineText() {
        return online + " / " + appliances;
    }

    public String lastCheckinText() {
        return lastCheckin == null ? "never" : lastCheckin.toString();
    }
}
