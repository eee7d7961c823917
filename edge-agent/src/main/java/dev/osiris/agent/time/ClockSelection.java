package dev.osiris.agent.time;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Marzullo's intersection, as NTP's clock select uses it: each sample says the true offset lies within
 * {@code offset ± (rootDistance + delay / 2)}; the largest set of samples whose intervals share a point are the
 * truechimers, every other sample is a falseticker. Plain Java.
 */
final class ClockSelection {

    /**
     * No interval is taken tighter than this: servers on one LAN report microsecond root distances while their
     * clocks, each disciplined on its own, legitimately differ by milliseconds.
     */
    static final double MIN_HALF_WIDTH = 0.025;

    /** The truechimers' indexes into {@code samples} (all of them usable samples), ascending; empty for none. */
    static List<Integer> truechimers(List<ServerSample> samples) {
        record Edge(double at, int delta) {
        }
        List<Edge> edges = new ArrayList<>();
        for (ServerSample s : samples) {
            double r = halfWidth(s);
            edges.add(new Edge(s.offset() - r, +1));
            edges.add(new Edge(s.offset() + r, -1));
        }
        // at equal points a start comes before an end: intervals that only touch still share that point
        edges.sort(Comparator.comparingDouble(Edge::at).thenComparing(e -> -e.delta()));
        int count = 0;
        int best = 0;
        double bestAt = Double.NaN;
        for (Edge e : edges) {
            count += e.delta();
            if (count > best) {
                best = count;
                bestAt = e.at();
            }
        }
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            ServerSample s = samples.get(i);
            double r = halfWidth(s);
            if (best > 0 && s.offset() - r <= bestAt && bestAt <= s.offset() + r) {
                chosen.add(i);
            }
        }
        return chosen;
    }

    static double halfWidth(ServerSample s) {
        return Math.max(MIN_HALF_WIDTH, s.rootDistance() + s.delay() / 2);
    }

    private ClockSelection() {
    }
}
