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

    /** {@code "hipaa 93%  soc2 90%  ..."}, or empty before the first report. */
    public String scoreText() {
        StringBuilder out = new StringBuilder();
        scores.forEach((framework, percent) -> out.append(out.isEmpty() ? "" : "  ").append(framework).append(' ')
                .append(percent).append('%'));
        return out.toString();
    }
}
