package dev.osiris.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.InvalidMessageException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Reads the fields of one JSON object with path-qualified errors: {@code checkin.evidenceHead.seq is required}.
 * Every decoder in the protocol goes through here so that all messages fail the same way.
 *
 * <p>Strings are refused when they hold characters no store downstream can keep or a person should see: NUL
 * anywhere (PostgreSQL text and jsonb cannot hold it), any other C0 control but tab, CR and LF in free text
 * ({@link #requireString}, {@link #requireText}), and any control character at all in names, ids and addresses
 * ({@link #requireName}). Objects passed through whole ({@link #requireObject}) are refused for a NUL in any key
 * or string inside them.
 *
 * <p>A strict reader (the default, for what an appliance signs and what an operator sends) refuses fields its
 * decoder never asked for, in {@link #refuseUnknown()}; a {@link #lenient} one (for the relay's answers, read by
 * agents that may be older than the relay) ignores them.
 */
public final class Fields {

    private static final Pattern TOKEN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final ObjectNode node;
    private final String path;
    private final boolean strict;
    private final Set<String> asked = new HashSet<>();

    /** A strict reader: see {@link #refuseUnknown()}. */
    public Fields(JsonNode node, String path) {
        this(node, path, true);
    }

    private Fields(JsonNode node, String path, boolean strict) {
        if (node == null || !node.isObject()) {
            throw new InvalidMessageException(path + " must be an object");
        }
        this.node = (ObjectNode) node;
        this.path = path;
        this.strict = strict;
    }

    /** A reader that ignores fields it does not know, for messages from a peer that may be newer. */
    public static Fields lenient(JsonNode node, String path) {
        return new Fields(node, path, false);
    }

    /** A reader of the same strictness for an element of a list or a nested object. */
    public Fields child(JsonNode node, String childPath) {
        return new Fields(node, childPath, strict);
    }

    /**
     * Refuses the first field no accessor of this reader asked for (a strict reader only): a signed body must
     * mean exactly what its decoder read, and a misspelt setting must not be silently dropped.
     */
    public void refuseUnknown() {
        if (!strict) {
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!asked.contains(name)) {
                throw new InvalidMessageException(path(printable(name)) + " is not a known field");
            }
        }
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

    /**
     * Checks the {@code schema} field against the versions this build reads, {@code oldest} to {@code newest}
     * (a relay reads its own and the one before, since a fleet runs mixed versions during a rollout).
     *
     * @return the version the message says it speaks
     */
    public int requireSchema(int oldest, int newest) {
        long schema = requireLong("schema");
        if (schema < oldest || schema > newest) {
            throw new InvalidMessageException(path("schema") + ": unsupported version " + schema
                    + " (this build reads " + oldest + " to " + newest + ")");
        }
        return (int) schema;
    }

    public boolean has(String field) {
        asked.add(field);
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    /** A string of free text: no NUL, no C0 control but tab, CR and LF. */
    public String requireString(String field) {
        return freeText(rawString(field), path(field));
    }

    /** A non-blank string of free text of at most {@code maxLength} characters. */
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

    /**
     * A name, id, key, address or version of at most {@code maxLength} characters: non-blank, one line, no
     * control character at all.
     */
    public String requireName(String field, int maxLength) {
        String value = requireText(field, maxLength);
        return name(value, path(field));
    }

    /** Refuses any control character (C0, DEL, C1) in a name or id; returns the value. */
    public static String name(String value, String path) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw controlCharacter(path, c);
            }
        }
        return value;
    }

    /** Refuses NUL and C0 controls other than tab, CR and LF in free text; returns the value. */
    public static String freeText(String value, String path) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                throw controlCharacter(path, c);
            }
        }
        return value;
    }

    /** Refuses a NUL in any key or string of the value, naming the first one by its path. */
    public static JsonNode withoutNul(JsonNode value, String path) {
        if (value.isTextual()) {
            if (value.textValue().indexOf('\0') >= 0) {
                throw controlCharacter(path, '\0');
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                withoutNul(value.get(i), path + "[" + i + "]");
            }
        } else if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().indexOf('\0') >= 0) {
                    throw new InvalidMessageException(path + " has a key with control character U+0000");
                }
                withoutNul(e.getValue(), path + "." + e.getKey());
            }
        }
        return value;
    }

    /** A lower-case token such as a kind or an outcome: {@code [a-z0-9][a-z0-9._-]{0,63}}. */
    public String requireToken(String field) {
        String value = rawString(field);
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
        String value = name(rawString(field), path(field));
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidMessageException(path(field) + " must be an ISO-8601 instant, got \"" + clip(value) + "\"");
        }
    }

    public Instant optionalInstant(String field) {
        return has(field) ? requireInstant(field) : null;
    }

    /** An object passed on whole (observed state, a baseline, a payload): no NUL in any key or string. */
    public ObjectNode requireObject(String field) {
        return (ObjectNode) withoutNul(requireObjectKeptAsText(field), path(field));
    }

    /**
     * An object stored and shipped only as canonical JSON text (evidence details), where control characters stay
     * escaped as {@code \\u} sequences and so harm nothing: refusing them would make an honestly sealed record unshippable.
     */
    public ObjectNode requireObjectKeptAsText(String field) {
        JsonNode value = required(field);
        if (!value.isObject()) {
            throw new InvalidMessageException(path(field) + " must be an object");
        }
        return (ObjectNode) value;
    }

    /** A nested object read with this reader's strictness. */
    public Fields object(String field) {
        return child(required(field), path(field));
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

    /** A list of objects, each read by {@code decoder} with this reader's strictness. */
    public <T> List<T> requireObjects(String field, int maxSize, java.util.function.Function<Fields, T> decoder) {
        return requireList(field, maxSize, (n, p) -> decoder.apply(child(n, p)));
    }

    public <T> List<T> optionalObjects(String field, int maxSize, java.util.function.Function<Fields, T> decoder) {
        return has(field) ? requireObjects(field, maxSize, decoder) : List.of();
    }

    /** A hex SHA-256: 64 lower-case hex digits. */
    public String requireHash(String field) {
        String value = rawString(field);
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

    private String rawString(String field) {
        JsonNode value = required(field);
        if (!value.isTextual()) {
            throw new InvalidMessageException(path(field) + " must be a string");
        }
        return value.textValue();
    }

    private static InvalidMessageException controlCharacter(String path, char c) {
        return new InvalidMessageException(path + " must not contain control character U+"
                + String.format("%04X", (int) c));
    }

    /** A field name as it may be shown in an error: control characters replaced. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder(Math.min(name.length(), 40));
        for (int i = 0; i < name.length() && i < 40; i++) {
            char c = name.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return name.length() > 40 ? out + "..." : out.toString();
    }

    private JsonNode required(String field) {
        asked.add(field);
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidMessageException(path(field) + " is required");
        }
        return value;
    }

    private static String clip(String value) {
        return printable(value);
    }
}
