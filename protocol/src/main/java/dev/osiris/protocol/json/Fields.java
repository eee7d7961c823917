package dev.osiris.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.InvalidMessageException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Reads the fields of one JSON object with path-qualified errors: {@code checkin.evidenceHead.seq is required}.
 * Every decoder in the protocol goes through here so that all messages fail the same way.
 */
public final class Fields {

    private static final Pattern TOKEN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final ObjectNode node;
    private final String path;

    public Fields(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new InvalidMessageException(path + " must be an object");
        }
        this.node = (ObjectNode) node;
        this.path = path;
    }

    public String path(String field) {
        return path + "." + field;
    }

    /** Checks the {@code schema} field against the one version this build speaks. */
    public void requireSchema(int supported) {
        long schema = requireLong("schema");
        if (schema != supported) {
            throw new InvalidMessageException(path("schema") + ": unsupported version " + schema
                    + " (this build speaks " + supported + ")");
        }
    }

    public boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    public String requireString(String field) {
        JsonNode value = required(field);
        if (!value.isTextual()) {
            throw new InvalidMessageException(path(field) + " must be a string");
        }
        return value.textValue();
    }

    /** A non-blank string of at most {@code maxLength} characters. */
    public String requireText(String field, int maxLength) {
        String value = requireString(field);
        if (value.isBlank()) {
            throw new InvalidMessageException(path(field) + " must not be blank");
        }
        if (value.length() > maxLength) {
            throw new InvalidMessageException(path(field) + " is longer than " + maxLength + " characters");
        }
        return value;
    }

    public String optionalText(String field, int maxLength, String fallback) {
        return has(field) ? requireText(field, maxLength) : fallback;
    }

    /** A lower-case token such as a kind or an outcome: {@code [a-z0-9][a-z0-9._-]{0,63}}. */
    public String requireToken(String field) {
        String value = requireString(field);
        if (!TOKEN.matcher(value).matches()) {
            throw new InvalidMessageException(path(field) + " must be a lower-case token, got \"" + clip(value) + "\"");
        }
        return value;
    }

    public long requireLong(String field) {
        JsonNode value = required(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new InvalidMessageException(path(field) + " must be an integer");
        }
        return value.longValue();
    }

    public long requireNonNegative(String field) {
        long value = requireLong(field);
        if (value < 0) {
            throw new InvalidMessageException(path(field) + " must not be negative");
        }
        return value;
    }

    public long optionalNonNegative(String field, long fallback) {
        return has(field) ? requireNonNegative(field) : fallback;
    }

    public int requireInt(String field, int min, int max) {
        long value = requireLong(field);
        if (value < min || value > max) {
            throw new InvalidMessageException(path(field) + " must be between " + min + " and " + max);
        }
        return (int) value;
    }

    public boolean requireBoolean(String field) {
        JsonNode value = required(field);
        if (!value.isBoolean()) {
            throw new InvalidMessageException(path(field) + " must be true or false");
        }
        return value.booleanValue();
    }

    public Instant requireInstant(String field) {
        String value = requireString(field);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidMessageException(path(field) + " must be an ISO-8601 instant, got \"" + clip(value) + "\"");
        }
    }

    public Instant optionalInstant(String field) {
        return has(field) ? requireInstant(field) : null;
    }

    public ObjectNode requireObject(String field) {
        JsonNode value = required(field);
        if (!value.isObject()) {
            throw new InvalidMessageException(path(field) + " must be an object");
        }
        return (ObjectNode) value;
    }

    public Fields object(String field) {
        return new Fields(required(field), path(field));
    }

    public <T> List<T> requireList(String field, int maxSize, BiFunction<JsonNode, String, T> decoder) {
        JsonNode value = required(field);
        if (!value.isArray()) {
            throw new InvalidMessageException(path(field) + " must be an array");
        }
        ArrayNode array = (ArrayNode) value;
        if (array.size() > maxSize) {
            throw new InvalidMessageException(path(field) + " has " + array.size() + " entries, more than " + maxSize);
        }
        List<T> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            out.add(decoder.apply(array.get(i), path(field) + "[" + i + "]"));
        }
        return List.copyOf(out);
    }

    public <T> List<T> optionalList(String field, int maxSize, BiFunction<JsonNode, String, T> decoder) {
        return has(field) ? requireList(field, maxSize, decoder) : List.of();
    }

    /** A hex SHA-256: 64 lower-case hex digits. */
    public String requireHash(String field) {
        String value = requireString(field);
        if (!HASH.matcher(value).matches()) {
            throw new InvalidMessageException(path(field) + " must be 64 lower-case hex digits");
        }
        return value;
    }

    /** Decodes an array element that must be an identifier such as a runbook id ({@code RB-WIN-FIREWALL-001}). */
    public static String identifier(JsonNode value, String path) {
        if (value == null || !value.isTextual() || !IDENTIFIER.matcher(value.textValue()).matches()) {
            throw new InvalidMessageException(path + " must be an identifier of letters, digits, '.', '_' or '-' (at most 64)");
        }
        return value.textValue();
    }

    /** Decodes an array element that must be a token string. */
    public static String token(JsonNode value, String path) {
        if (value == null || !value.isTextual() || !TOKEN.matcher(value.textValue()).matches()) {
            throw new InvalidMessageException(path + " must be a lower-case token");
        }
        return value.textValue();
    }

    private JsonNode required(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidMessageException(path(field) + " is required");
        }
        return value;
    }

    private static String clip(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
