package dev.osiris.lab.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.protocol.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;

/** {@code chaos report --compare A B}: heal rate per runbook (and overall) of two campaigns, up or down. */
public final class ReportComparison {

    private ReportComparison() {
    }

    /** A campaign directory or its report.json. @throws IllegalArgumentException naming the file that is not a report */
    public static JsonNode load(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve("report.json") : path;
        try {
            JsonNode node = Json.MAPPER.readTree(Files.readString(file));
            if (node == null || !node.path("byRunbook").isObject() || !node.path("overall").isObject()) {
                throw new IllegalArgumentException(file + ": not a campaign report (no overall or byRunbook)");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read a campaign report (" + e.getMessage() + ")", e);
        }
    }

    public static String compare(JsonNode a, JsonNode b) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-28s %12s %12s %8s%n", "RUNBOOK", "A", "B", "CHANGE"));
        TreeSet<String> ids = new TreeSet<>();
        a.path("byRunbook").fieldNames().forEachRemaining(ids::add);
        b.path("byRunbook").fieldNames().forEachRemaining(ids::add);
        for (String id : ids) {
            out.append(row(id, a.path("byRunbook").path(id), b.path("byRunbook").path(id)));
        }
        out.append(row("overall", a.path("overall"), b.path("overall")));
        return out.toString();
    }

    private static String row(String id, JsonNode a, JsonNode b) {
        String change;
        if (a.isMissingNode() || b.isMissingNode()) {
            change = a.isMissingNode() ? "new" : "gone";
        } else {
            double d = b.path("percent").asDouble() - a.path("percent").asDouble();
            change = d > 0 ? String.format("up %.0f", d) : d < 0 ? String.format("down %.0f", -d) : "same";
        }
        return String.format("%-28s %12s %12s %8s%n", id, cell(a), cell(b), change);
    }

    private static String cell(JsonNode r) {
        return r.isMissingNode() ? "-" : r.path("healed").asInt() + "/" + r.path("judged").asInt()
                + String.format(" %3.0f%%", r.path("percent").asDouble());
    }
}
