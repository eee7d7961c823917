package dev.osiris.protocol.runbook;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {{name}}} placeholders in a runbook script with parameter values rendered as literals of the
 * script's language, so that a site's baseline can never inject code: strings are single-quoted with the
 * language's own escaping.
 */
public final class ScriptTemplates {

    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z][A-Za-z0-9_]*)}}");

    private ScriptTemplates() {
    }

    /** The script with every placeholder replaced; a parameter with no value fails with its name. */
    public static String fill(Runbook runbook, String script, Baseline baseline) {
        Matcher m = PLACEHOLDER.matcher(script);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JsonNode value = baseline.resolve(runbook, m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(runbook.id() + ": parameter " + m.group(1) + " has no value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(literal(runbook.platform(), value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String literal(Platform platform, JsonNode value) {
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(literal(platform, v)));
            if (platform == Platform.WINDOWS) {
                return items.isEmpty() ? "@()" : "@(" + String.join(",", items) + ")";
            }
            return String.join(" ", items);
        }
        if (value.isBoolean()) {
            return platform == Platform.WINDOWS ? (value.booleanValue() ? "$true" : "$false") : String.valueOf(value.booleanValue());
        }
        if (value.isNumber()) {
            return value.numberValue().toString();
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("parameter values are strings, numbers, booleans or lists of them, got " + value);
        }
        String text = value.textValue();
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("parameter values may not contain line breaks or NUL");
        }
        if (platform == Platform.WINDOWS) {
            // PowerShell also treats the typographic quotes as quote characters
            return "'" + text.replaceAll("['\u2018\u2019\u201A\u201B]", "$0$0") + "'";
        }
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
