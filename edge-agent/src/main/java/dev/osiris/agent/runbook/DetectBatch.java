package dev.osiris.agent.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.remote.ScriptResult;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.runbook.Baseline;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.ScriptTemplates;
import dev.osiris.protocol.runbook.Verdict;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins the detect fragments of many runbooks into one script (one round trip per host per scan) and splits its
 * single JSON document back into one {@link Verdict} per runbook. Each fragment is isolated: its exception (Windows)
 * or failing exit (Linux) becomes that runbook's ERROR, never the batch's. Plain Java, no I/O.
 */
public final class DetectBatch {

    /** The lines around the batch document in a detect script's output. */
    public static final String BEGIN = "OSIRIS-SCAN-BEGIN";
    public static final String END = "OSIRIS-SCAN-END";

    private DetectBatch() {
    }

    /** The batch script body (without the platform wrapper, see {@link PlatformScripts}). */
    public static String compose(Platform platform, List<Runbook> runbooks, Baseline baseline) {
        StringBuilder s = new StringBuilder();
        if (platform == Platform.WINDOWS) {
            s.append("$osiris = [ordered]@{}\n");
            for (Runbook r : runbooks) {
                s.append("try { $r = & {\n").append(fragment(r, baseline)).append("\n} } catch { $r = [ordered]@{ _error = [string]$_.Exception.Message } }\n");
                s.append("$osiris['").append(r.id()).append("'] = $r\n");
            }
            s.append("Write-Output '").append(BEGIN).append("'\n");
            s.append("Write-Output ($osiris | ConvertTo-Json -Depth 8 -Compress)\n");
            s.append("Write-Output '").append(END).append("'\n");
            return s.toString();
        }
        // the fragment's stdout as a JSON string: control characters dropped, tabs and CRs become spaces
        s.append("osiris_q() { printf '%s' \"$1\" | tr -d '\\000-\\010\\013\\014\\016-\\037' | tr '\\t\\r' '  '"
                + " | sed -e 's/\\\\/\\\\\\\\/g' -e 's/\"/\\\\\"/g'"
                + " | awk 'BEGIN { ORS = \"\"; printf \"\\\"\" } { if (NR > 1) printf \"\\\\n\"; printf \"%s\", $0 }"
                + " END { printf \"\\\"\" }'; }\n");
        for (int i = 0; i < runbooks.size(); i++) {
            s.append("osiris_rb_").append(i).append("() {\n").append(fragment(runbooks.get(i), baseline)).append("\n}\n");
        }
        s.append("printf '%s\\n{' '").append(BEGIN).append("'\n");
        for (int i = 0; i < runbooks.size(); i++) {
            if (i > 0) {
                s.append("printf ','\n");
            }
            s.append("osiris_out=$(osiris_rb_").append(i).append("); osiris_rc=$?\n");
            s.append("printf '\"%s\":{\"rc\":%s,\"out\":' '").append(runbooks.get(i).id()).append("' \"$osiris_rc\"; ")
                    .append("osiris_q \"$osiris_out\"; printf '}'\n");
        }
        s.append("printf '}\\n%s\\n' '").append(END).append("'\n");
        return s.toString();
    }

    private static String fragment(Runbook r, Baseline baseline) {
        return ScriptTemplates.fill(r, r.detect(), baseline).strip();
    }

    /**
     * One verdict per runbook, in the order given. A script whose output has no batch document (it failed before
     * the end, or the host's shell refused it) gives every runbook an ERROR naming the exit code and stderr.
     */
    public static Map<String, Verdict> parse(Platform platform, List<Runbook> runbooks, Baseline baseline, ScriptResult result) {
        Map<String, Verdict> out = new LinkedHashMap<>();
        ObjectNode document = document(result);
        for (Runbook r : runbooks) {
            if (document == null) {
                out.put(r.id(), Verdict.error(batchFailure(result), null));
                continue;
            }
            JsonNode entry = document.get(r.id());
            out.put(r.id(), platform == Platform.WINDOWS ? r.evaluate(entry, baseline) : shellVerdict(r, entry, baseline));
        }
        return out;
    }

    /**
     * A Linux entry is {@code {"rc": n, "out": "<the fragment's stdout>"}}; its text must be one JSON object, which
     * the runbook evaluates. A fragment that failed without saying why is an ERROR naming its exit and output.
     */
    private static Verdict shellVerdict(Runbook r, JsonNode entry, Baseline baseline) {
        if (entry == null || !entry.isObject()) {
            return r.evaluate(null, baseline);
        }
        String text = entry.path("out").asText("").strip();
        int rc = entry.path("rc").asInt(-1);
        JsonNode parsed;
        try {
            parsed = text.isEmpty() ? null : Json.MAPPER.readTree(text);
        } catch (Exception e) {
            return detectFailed("detect printed no JSON object (exit " + rc + "): " + excerpt(text));
        }
        if (rc != 0 && (parsed == null || !parsed.has("_error"))) {
            return detectFailed("detect exited " + rc + (text.isEmpty() ? " with no output" : ": " + excerpt(text)));
        }
        return r.evaluate(parsed, baseline);
    }

    /** Worded as {@link Runbook#evaluate} words a fragment's own {@code _error}. */
    private static Verdict detectFailed(String why) {
        return Verdict.error("detect failed: " + why, null);
    }

    private static ObjectNode document(ScriptResult result) {
        String out = result.stdout();
        int begin = out.indexOf(BEGIN);
        int end = out.lastIndexOf(END);
        if (begin < 0 || end < begin) {
            return null;
        }
        String json = out.substring(begin + BEGIN.length(), end).strip();
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            return node instanceof ObjectNode object ? object : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String batchFailure(ScriptResult result) {
        String why = result.stdoutTruncated() ? "output exceeded the cap" : "no scan document in the output";
        return "detect batch failed (exit " + result.exitCode() + ", " + why + ")"
                + (result.stderr().isBlank() ? "" : ": " + excerpt(result.stderr()));
    }

    static String excerpt(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 297) + "..." : oneLine;
    }
}
