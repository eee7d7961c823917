package dev.osiris.agent.time;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.ClockReport;
import dev.osiris.protocol.json.Json;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of one clock check: whether this appliance's clock can be trusted, why, and what each server said.
 * What the health gate, {@code agent status} and the check-in read.
 *
 * @param trusted   whether a majority of the configured servers agree and this clock is within the allowed offset
 * @param reason    the verdict in words
 * @param offset    seconds the agreed time is ahead of this clock (median of the truechimers); NaN without agreement
 * @param checkedAt when the check ended (this clock)
 * @param servers   each configured server's sample and standing, in configuration order
 */
public record TimeVerdict(boolean trusted, String reason, double offset, Instant checkedAt, List<Server> servers) {

    /** One server in a verdict; {@code standing} is truechimer, falseticker, or the sample's failure status. */
    public record Server(ServerSample sample, String standing) {
    }

    public TimeVerdict {
        servers = List.copyOf(servers);
    }

    /**
     * Decides from the samples of every configured server (unreachable ones included): Marzullo's intersection picks
     * the truechimers; the clock is trusted when they are a strict majority of the configured servers and their
     * median offset is within {@code maxOffset}.
     */
    public static TimeVerdict decide(List<ServerSample> samples, Duration maxOffset, Instant checkedAt) {
        List<ServerSample> usable = samples.stream().filter(ServerSample::hasSample).toList();
        List<Integer> chosen = ClockSelection.truechimers(usable);
        List<ServerSample> truechimers = chosen.stream().map(usable::get).toList();
        List<Server> servers = new ArrayList<>();
        for (ServerSample s : samples) {
            String standing = !s.hasSample() ? s.status().wire() : truechimers.contains(s) ? "truechimer" : "falseticker";
            servers.add(new Server(s, standing));
        }
        int n = samples.size();
        int agree = truechimers.size();
        long falsetickers = servers.stream().filter(s -> s.standing().equals("falseticker")).count();
        String tally = agree + " of " + n + " servers agree" + (falsetickers > 0 ? ", " + falsetickers + " falseticker(s) rejected" : "")
                + (n - usable.size() > 0 ? ", " + (n - usable.size()) + " without a usable answer" : "");
        if (n == 0 || agree * 2 <= n) {
            return new TimeVerdict(false, "no majority: " + tally, Double.NaN, checkedAt, servers);
        }
        double offset = median(truechimers.stream().mapToDouble(ServerSample::offset).sorted().toArray());
        double max = maxOffset.toNanos() / 1e9;
        if (Math.abs(offset) > max) {
            return new TimeVerdict(false, String.format(Locale.ROOT, "this clock is %.3f s %s the servers' time, more than"
                    + " the %s s allowed (%s)", Math.abs(offset), offset > 0 ? "behind" : "ahead of", max, tally),
                    offset, checkedAt, servers);
        }
        return new TimeVerdict(true, String.format(Locale.ROOT, "%s; this clock is within %.3f s", tally, Math.abs(offset)),
                offset, checkedAt, servers);
    }

    private static double median(double[] sorted) {
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    public String state() {
        return trusted ? "trusted" : "untrusted";
    }

    /** The verdict as the check-in and {@code agent status} carry it. */
    public ClockReport report() {
        int agreeing = (int) servers.stream().filter(s -> s.standing().equals("truechimer")).count();
        return new ClockReport(state(), reason.length() > ClockReport.MAX_REASON ? reason.substring(0, ClockReport.MAX_REASON)
                : reason, Double.isNaN(offset) ? null : Math.round(offset * 1e6), checkedAt, servers.size(), agreeing);
    }

    /** The details of the signed {@code time.verify} record. */
    public ObjectNode toJson() {
        ObjectNode json = Json.object().put("verdict", state()).put("reason", reason)
                .put("checkedAt", checkedAt.toString());
        if (!Double.isNaN(offset)) {
            json.put("offsetSeconds", ServerSample.round(offset));
        }
        ArrayNode list = json.putArray("servers");
        servers.forEach(s -> list.add(s.sample().toJson().put("standing", s.standing())));
        return json;
    }
}
