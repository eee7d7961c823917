package dev.osiris.relay.portal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lines of a site's compliance chart, per framework: SVG polyline points (numbers only) in a 600 x 200 box,
 * time left to right by report, 0-100 % bottom to top. Plain Java; the template draws them.
 */
public final class ScoreChart {

    public static final int WIDTH = 600;
    public static final int HEIGHT = 200;

    /** One framework's line and its latest score. */
    public record Line(String framework, String points, int latest, String colour) {
    }

    private static final String[] COLOURS = {"#1b6ac9", "#2e9d4f", "#c9781b", "#8d3fc9", "#c91b4a"};

    private ScoreChart() {
    }

    public static List<Line> lines(List<PortalQueries.ScorePoint> history) {
        Map<String, StringBuilder> points = new LinkedHashMap<>();
        Map<String, Integer> latest = new LinkedHashMap<>();
        int n = history.size();
        for (int i = 0; i < n; i++) {
            int x = n == 1 ? WIDTH / 2 : Math.round((float) i * WIDTH / (n - 1));
            for (var e : history.get(i).scores().entrySet()) {
                int y = HEIGHT - Math.round(e.getValue() * HEIGHT / 100f);
                points.computeIfAbsent(e.getKey(), k -> new StringBuilder()).append(x).append(',').append(y).append(' ');
                latest.put(e.getKey(), e.getValue());
            }
        }
        List<Line> out = new ArrayList<>();
        int c = 0;
        for (var e : points.entrySet()) {
            out.add(new Line(e.getKey(), e.getValue().toString().strip(), latest.get(e.getKey()),
                    COLOURS[c++ % COLOURS.length]));
        }
        return out;
    }
}
