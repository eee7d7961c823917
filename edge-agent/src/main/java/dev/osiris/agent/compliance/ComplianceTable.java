package dev.osiris.agent.compliance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fixed-width text table {@code ./osiris agent compliance} prints: one row per framework (passing, failing,
 * unknown, percentage passing) and, with details, one row per control under it (status, control, runbooks, and
 * the failing hosts, or for an unknown control the hosts without a usable verdict). Column widths follow the
 * longest cell; lines carry no trailing spaces.
 */
public final class ComplianceTable {

    private static final String[] HEADER = {"Framework", "Passing", "Failing", "Unknown", "Score"};

    private ComplianceTable() {
    }

    public static String render(ComplianceScore score, boolean details) {
        List<String[]> frameworkRows = new ArrayList<>();
        frameworkRows.add(HEADER);
        for (FrameworkResult f : score.frameworks()) {
            frameworkRows.add(new String[] {f.framework().title(), Integer.toString(f.passing()),
                    Integer.toString(f.failing()), Integer.toString(f.unknown()), percent(f)});
        }
        int[] widths = widths(frameworkRows);
        int controlWidth = 0;
        int runbooksWidth = 0;
        for (FrameworkResult f : score.frameworks()) {
            for (ControlResult c : f.controls()) {
                controlWidth = Math.max(controlWidth, c.control().length());
                runbooksWidth = Math.max(runbooksWidth, String.join(", ", c.runbooks()).length());
            }
        }
        StringBuilder out = new StringBuilder("Compliance at ").append(score.computedAt()).append('\n');
        line(out, frameworkRows.get(0), widths);
        for (int i = 0; i < score.frameworks().size(); i++) {
            line(out, frameworkRows.get(i + 1), widths);
            if (details) {
                for (ControlResult c : score.frameworks().get(i).controls()) {
                    String row = "  " + pad(label(c.status()), 7) + "  " + pad(c.control(), controlWidth) + "  "
                            + pad(String.join(", ", c.runbooks()), runbooksWidth) + "  " + hosts(c);
                    out.append(row.stripTrailing()).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static String percent(FrameworkResult f) {
        if (f.total() == 0) {
            return "-";
        }
        // rounded down: a framework with one unknown control must not read 100.0%
        return String.format(Locale.ROOT, "%.1f%%", Math.floor(f.percent() * 10) / 10);
    }

    private static String label(ControlStatus status) {
        return switch (status) {
            case PASSING -> "PASS";
            case FAILING -> "FAIL";
            case UNKNOWN -> "UNKNOWN";
        };
    }

    private static String hosts(ControlResult c) {
        return switch (c.status()) {
            case FAILING -> String.join(", ", c.failingHosts());
            case UNKNOWN -> c.unknownHosts().isEmpty() ? "" : "no result: " + String.join(", ", c.unknownHosts());
            case PASSING -> "";
        };
    }

    private static int[] widths(List<String[]> rows) {
        // room for "100.0%" always, so the columns stay put between runs
        int[] widths = {0, 0, 0, 0, "100.0%".length()};
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        return widths;
    }

    /** The first column left-aligned, the numbers right-aligned. */
    private static void line(StringBuilder out, String[] cells, int[] widths) {
        StringBuilder row = new StringBuilder(pad(cells[0], widths[0]));
        for (int i = 1; i < cells.length; i++) {
            row.append("  ").append(" ".repeat(widths[i] - cells[i].length())).append(cells[i]);
        }
        out.append(row.toString().stripTrailing()).append('\n');
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
