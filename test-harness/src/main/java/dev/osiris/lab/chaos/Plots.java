package dev.osiris.lab.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The report's pictures, drawn by gnuplot (Debian's {@code gnuplot-nox}, installed by {@code ./osiris}): heal rate
 * per category and per host (bars), and the attack-to-verified-heal histogram. Each plot is an SVG and a PNG next to
 * the report; the data and script gnuplot read are kept beside them so a plot can be redrawn by hand.
 */
public final class Plots {

    /** gnuplot draws a few bars in well under a second; a hung one must not hold the report. */
    private static final long GNUPLOT_TIMEOUT_SECONDS = 30;

    private Plots() {
    }

    /**
     * Renders the plots into {@code dir}; returns the files written.
     *
     * @throws PlotException when gnuplot is missing, fails or overruns (its stderr in the message)
     */
    public static List<Path> render(CampaignStats stats, Path dir) {
        List<Path> written = new ArrayList<>();
        written.addAll(bars(dir, "heal-rate-category", "Heal rate per category", stats.byCategory()));
        written.addAll(bars(dir, "heal-rate-host", "Heal rate per host", stats.byHost()));
        written.addAll(histogram(dir, stats.timing().histogram()));
        return written;
    }

    private static List<Path> bars(Path dir, String name, String title, Map<String, CampaignStats.Rate> rates) {
        StringBuilder data = new StringBuilder("# label healed judged percent\n");
        rates.forEach((k, r) -> data.append('"').append(k).append("\" ").append(r.healed()).append(' ').append(r.judged())
                .append(' ').append(String.format(java.util.Locale.ROOT, "%.1f", r.percent())).append('\n'));
        if (rates.isEmpty()) {
            data.append("\"(no attack judged)\" 0 0 0\n");
        }
        String plot = """
                set title '%s'
                set ylabel 'healed (%%)'
                set yrange [0:110]
                set style fill solid 0.8 border -1
                set boxwidth 0.6
                set grid ytics
                set xtics rotate by -30
                plot '%s' using 0:4:xtic(1) with boxes lc rgb '#3b7dd8' notitle, \\
                     '' using 0:4:(sprintf('%%d/%%d', $2, $3)) with labels offset 0,1 notitle
                """.formatted(title, name + ".dat");
        return draw(dir, name, data.toString(), plot);
    }

    private static List<Path> histogram(Path dir, Map<String, Integer> buckets) {
        StringBuilder data = new StringBuilder("# bucket heals\n");
        buckets.forEach((k, n) -> data.append('"').append(k).append("\" ").append(n).append('\n'));
        String plot = """
                set title 'Attack to verified heal'
                set ylabel 'heals'
                set xlabel 'time to heal'
                set yrange [0:*]
                set style fill solid 0.8 border -1
                set boxwidth 0.8
                set grid ytics
                plot '%s' using 0:2:xtic(1) with boxes lc rgb '#2e9e5b' notitle, \\
                     '' using 0:2:2 with labels offset 0,1 notitle
                """.formatted("time-to-heal.dat");
        return draw(dir, "time-to-heal", data.toString(), plot);
    }

    private static List<Path> draw(Path dir, String name, String data, String plot) {
        Path svg = dir.resolve(name + ".svg");
        Path png = dir.resolve(name + ".png");
        String script = "set terminal svg size 720,420 dynamic enhanced font 'sans,11'\nset output '" + svg.getFileName() + "'\n"
                + plot + "set terminal pngcairo size 720,420 font 'sans,10'\nset output '" + png.getFileName() + "'\nreplot\n";
        try {
            Files.writeString(dir.resolve(name + ".dat"), data);
            Files.writeString(dir.resolve(name + ".gp"), script);
            Process p = new ProcessBuilder("gnuplot", name + ".gp").directory(dir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(dir.resolve(name + ".err").toFile()).start();
            if (!p.waitFor(GNUPLOT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new PlotException("gnuplot did not finish " + name + " within " + GNUPLOT_TIMEOUT_SECONDS + " s");
            }
            String err = Files.readString(dir.resolve(name + ".err")).strip();
            if (err.isEmpty()) {
                Files.delete(dir.resolve(name + ".err"));
            }
            if (p.exitValue() != 0) {
                throw new PlotException("gnuplot failed on " + name + ": " + err);
            }
            return List.of(svg, png);
        } catch (IOException e) {
            throw new PlotException("gnuplot could not run (apt-get install gnuplot-nox; ./osiris installs it): "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlotException("interrupted while gnuplot drew " + name);
        }
    }

    /** The plots could not be drawn; the JSON and Markdown reports are written anyway. */
    public static final class PlotException extends RuntimeException {
        public PlotException(String message) {
            super(message);
        }
    }
}
