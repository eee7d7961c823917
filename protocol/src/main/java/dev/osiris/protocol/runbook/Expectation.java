package dev.osiris.protocol.runbook;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One condition on a detect result: every value at {@code path} must satisfy the operator. The value may be a
 * parameter reference ({@code ${name}}), resolved against the site's baseline and then the runbook's defaults.
 *
 * @param path     where in the detect JSON ({@code a.b}, {@code a[0]}, {@code a[*].b})
 * @param operator one of {@link #OPERATORS}
 * @param value    the operand as written (JSON), or a text node {@code ${name}}
 * @param optional a missing path passes instead of failing
 */
public record Expectation(String path, String operator, JsonNode value, boolean optional) {

    public static final Set<String> OPERATORS = Set.of("equals", "notEquals", "in", "notIn", "min", "max", "matches",
            "empty", "minSize", "maxSize", "subsetOf", "sameSetAs", "contains");

    public Expectation {
        JsonPaths.validate(path);
        if (!OPERATORS.contains(operator)) {
            throw new IllegalArgumentException("unknown operator " + operator + " (known: " + OPERATORS + ")");
        }
    }

    /** The parameter this expectation's value refers to, if it is {@code ${name}}. */
    public Optional<String> parameter() {
        if (value != null && value.isTextual()) {
            String text = value.textValue();
            if (text.startsWith("${") && text.endsWith("}") && text.length() > 3) {
                return Optional.of(text.substring(2, text.length() - 1));
            }
        }
        return Optional.empty();
    }

    /**
     * The failures of this expectation on {@code result} with the operand resolved to {@code operand}; empty when
     * it holds.
     */
    List<String> check(JsonNode result, JsonNode operand) {
        List<JsonPaths.Match> matches = JsonPaths.select(result, path);
        if (matches.isEmpty()) {
            boolean emptyArray = JsonPaths.hasWildcard(path) && parentIsArray(result);
            if (optional || emptyArray) {
                return List.of();
            }
            return List.of(path + ": missing from the detect result");
        }
        return matches.stream()
                .filter(m -> !Operators.holds(operator, m.value(), operand))
                .map(m -> m.path() + ": expected " + operator + " " + render(operand) + ", got " + render(m.value()))
                .toList();
    }

    private boolean parentIsArray(JsonNode result) {
        int star = path.indexOf("[*]");
        List<JsonPaths.Match> parents = JsonPaths.select(result, path.substring(0, star));
        return !parents.isEmpty() && parents.stream().allMatch(p -> p.value().isArray());
    }

    static String render(JsonNode node) {
        String text = node == null ? "null" : node.toString();
        return text.length() > 200 ? text.substring(0, 197) + "..." : text;
    }
}
