package dev.osiris.protocol.runbook;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small path language of expectations: {@code a.b}, {@code a[0]}, {@code a[*].b}. {@link #select} returns the
 * matching values with their concrete paths; a segment that does not exist yields nothing for that branch.
 */
final class JsonPaths {

    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_-]*)?((?:\\[(?:\\*|[0-9]+)])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\*|[0-9]+)]");

    /** One matched value and where it was found ({@code profiles[1].enabled}). */
    record Match(String path, JsonNode value) {
    }

    private JsonPaths() {
    }

    /** Checks the syntax; throws {@link IllegalArgumentException} naming the bad segment. */
    static void validate(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("path is empty");
        }
        for (String segment : path.split("\\.", -1)) {
            if (segment.isEmpty() || !SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("bad path segment \"" + segment + "\" in " + path);
            }
        }
    }

    /** Whether the path contains a wildcard (so that an empty array yields no match without being missing). */
    static boolean hasWildcard(String path) {
        return path.contains("[*]");
    }

    static List<Match> select(JsonNode root, String path) {
        List<Match> current = List.of(new Match("", root));
        for (String segment : path.split("\\.")) {
            Matcher m = SEGMENT.matcher(segment);
            if (!m.matches()) {
                throw new IllegalArgumentException("bad path segment \"" + segment + "\" in " + path);
            }
            List<Match> next = new ArrayList<>();
            for (Match at : current) {
                JsonNode node = at.value();
                String where = at.path();
                if (m.group(1) != null) {
                    node = node.isObject() ? node.get(m.group(1)) : null;
                    where = where.isEmpty() ? m.group(1) : where + "." + m.group(1);
                }
                if (node != null) {
                    expand(new Match(where, node), m.group(2), next);
                }
            }
            current = next;
        }
        return current;
    }

    private static void expand(Match at, String indexes, List<Match> out) {
        List<Match> level = List.of(at);
        Matcher im = INDEX.matcher(indexes);
        while (im.find()) {
            List<Match> deeper = new ArrayList<>();
            for (Match m : level) {
                if (!m.value().isArray()) {
                    continue;
                }
                if (im.group(1).equals("*")) {
                    for (int i = 0; i < m.value().size(); i++) {
                        deeper.add(new Match(m.path() + "[" + i + "]", m.value().get(i)));
                    }
                } else {
                    int i = Integer.parseInt(im.group(1));
                    if (i < m.value().size()) {
                        deeper.add(new Match(m.path() + "[" + i + "]", m.value().get(i)));
                    }
                }
            }
            level = deeper;
        }
        out.addAll(level);
    }
}
