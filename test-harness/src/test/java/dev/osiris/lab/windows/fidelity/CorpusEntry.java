package dev.osiris.lab.windows.fidelity;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One one-liner of the fidelity corpus ({@code fidelity/corpus.yaml}) and what Windows documents for it. A result
 * is {@link Outcome#FAITHFUL} when it matches, {@link Outcome#REFUSED} when the emulator failed loudly naming what
 * it does not model, and {@link Outcome#WRONG} otherwise (invented, empty, a switch ignored, a fake error).
 */
record CorpusEntry(String id, String cmd, String ps, JsonNode expect) {

    enum Outcome { FAITHFUL, REFUSED, WRONG }

    /** What the emulator says when it refuses; nothing Windows prints contains it. */
    static final String REFUSAL = "Windows host emulator";
    /** What CommandRunner writes when the emulator itself threw. */
    static final String CRASH = "Windows host emulator failed on this command";

    static CorpusEntry of(JsonNode node) {
        if (!node.hasNonNull("id") || node.hasNonNull("cmd") == node.hasNonNull("ps")) {
            throw new IllegalArgumentException("corpus entry needs an id and one of cmd, ps: " + node);
        }
        return new CorpusEntry(node.get("id").asText(), node.path("cmd").asText(null), node.path("ps").asText(null), node);
    }

    /** The mismatches of a result against the expectation (empty: faithful). */
    List<String> mismatches(String stdout, String stderr, int exit) {
        List<String> wrong = new ArrayList<>();
        int wantExit = expect.path("exit").asInt(0);
        if (exit != wantExit) {
            wrong.add("exit " + exit + ", Windows: " + wantExit);
        }
        if (expect.has("stdout") && !stdout.equals(expect.get("stdout").asText())) {
            wrong.add("stdout " + quote(stdout) + ", Windows: " + quote(expect.get("stdout").asText()));
        }
        for (JsonNode c : expect.path("stdoutContains")) {
            if (!stdout.contains(c.asText())) {
                wrong.add("stdout lacks " + quote(c.asText()));
            }
        }
        for (JsonNode c : expect.path("stdoutLacks")) {
            if (stdout.contains(c.asText())) {
                wrong.add("stdout has " + quote(c.asText()));
            }
        }
        if (expect.has("stdoutLines")) {
            Pattern line = Pattern.compile(expect.get("stdoutLines").asText());
            List<String> lines = stdout.lines().filter(l -> !l.isBlank()).toList();
            if (lines.isEmpty()) {
                wrong.add("stdout is empty");
            }
            lines.stream().filter(l -> !line.matcher(l).find()).findFirst()
                    .ifPresent(l -> wrong.add("stdout line " + quote(l) + " does not match " + line));
        }
        if (expect.has("stdoutMatches") && !Pattern.compile(expect.get("stdoutMatches").asText(), Pattern.DOTALL)
                .matcher(stdout).matches()) {
            wrong.add("stdout " + quote(stdout) + " does not match " + expect.get("stdoutMatches").asText());
        }
        for (JsonNode c : expect.path("stderrContains")) {
            if (!stderr.contains(c.asText())) {
                wrong.add("stderr lacks " + quote(c.asText()));
            }
        }
        for (JsonNode c : expect.path("outputContains")) {
            if (!stdout.contains(c.asText()) && !stderr.contains(c.asText())) {
                wrong.add("output lacks " + quote(c.asText()));
            }
        }
        return wrong;
    }

    Outcome judge(String stdout, String stderr, int exit) {
        if (mismatches(stdout, stderr, exit).isEmpty()) {
            return Outcome.FAITHFUL;
        }
        // an unexpected exception inside the emulator is a bug, not a refusal naming what is not modelled
        boolean refusal = (stderr.contains(REFUSAL) || stdout.contains(REFUSAL)) && !stderr.contains(CRASH);
        return exit != 0 && refusal ? Outcome.REFUSED : Outcome.WRONG;
    }

    private static String quote(String s) {
        String shown = s.length() > 300 ? s.substring(0, 300) + "..." : s;
        return "\"" + shown.replace("\r", "\\r").replace("\n", "\\n") + "\"";
    }
}
