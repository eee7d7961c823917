package dev.osiris.protocol.runbook;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The semantics of each expectation operator on JSON values (numbers compare numerically). */
final class Operators {

    private Operators() {
    }

    static boolean holds(String operator, JsonNode actual, JsonNode operand) {
        return switch (operator) {
            case "equals" -> same(actual, operand);
            case "notEquals" -> !same(actual, operand);
            case "in" -> contains(operand, actual);
            case "notIn" -> !contains(operand, actual);
            case "min" -> actual.isNumber() && actual.decimalValue().compareTo(operand.decimalValue()) >= 0;
            case "max" -> actual.isNumber() && actual.decimalValue().compareTo(operand.decimalValue()) <= 0;
            case "matches" -> actual.isTextual() && regex(operand.asText()).matcher(actual.textValue()).matches();
            case "empty" -> size(actual) == 0 == operand.asBoolean();
            case "minSize" -> size(actual) >= operand.asInt();
            case "maxSize" -> size(actual) >= 0 && size(actual) <= operand.asInt();
            case "subsetOf" -> actual.isArray() && allIn(actual, operand);
            case "sameSetAs" -> actual.isArray() && allIn(actual, operand) && allIn(operand, actual);
            case "contains" -> contains(actual, operand);
            default -> throw new IllegalArgumentException("unknown operator " + operator);
        };
    }

    /** Checks an operand once, when the runbook is loaded; throws with the reason. */
    static void validateOperand(String operator, JsonNode operand) {
        boolean ok = switch (operator) {
            case "in", "notIn", "subsetOf", "sameSetAs" -> operand.isArray();
            case "min", "max" -> operand.isNumber();
            case "matches" -> operand.isTextual() && regex(operand.textValue()) != null;
            case "empty" -> operand.isBoolean();
            case "minSize", "maxSize" -> operand.isInt() && operand.intValue() >= 0;
            default -> true;
        };
        if (!ok) {
            throw new IllegalArgumentException(operator + " needs " + switch (operator) {
                case "in", "notIn", "subsetOf", "sameSetAs" -> "a list";
                case "min", "max" -> "a number";
                case "matches" -> "a regular expression";
                case "empty" -> "true or false";
                default -> "a non-negative integer";
            } + ", got " + operand);
        }
    }

    private static Pattern regex(String text) {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad regular expression " + text + ": " + e.getDescription());
        }
    }

    static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static boolean contains(JsonNode array, JsonNode value) {
        if (!array.isArray()) {
            return false;
        }
        for (JsonNode e : array) {
            if (same(e, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean allIn(JsonNode elements, JsonNode list) {
        if (!list.isArray()) {
            return false;
        }
        Set<String> allowed = new HashSet<>();
        list.forEach(e -> allowed.add(key(e)));
        for (JsonNode e : elements) {
            if (!allowed.contains(key(e))) {
                return false;
            }
        }
        return true;
    }

    /** Set membership is case-insensitive for strings: Windows names and DNS names are. */
    private static String key(JsonNode e) {
        return e.isTextual() ? "s:" + e.textValue().toLowerCase(java.util.Locale.ROOT)
                : e.isNumber() ? "n:" + e.decimalValue().stripTrailingZeros().toPlainString() : "j:" + e;
    }

    private static int size(JsonNode node) {
        if (node.isArray() || node.isObject()) {
            return node.size();
        }
        if (node.isTextual()) {
            return node.textValue().length();
        }
        return node.isNull() ? 0 : -1;
    }
}
