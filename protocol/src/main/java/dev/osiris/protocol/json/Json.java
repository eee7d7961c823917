package dev.osiris.protocol.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.InvalidMessageException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON mapper of the protocol: strict parsing, floats as BigDecimal so canonical forms are stable. A key
 * given twice in one object is refused (Jackson's strict duplicate detection) rather than the last one winning: a
 * signed body must not mean something other than what a reader of its first occurrence would think.
 */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses a JSON object; anything else fails with {@link InvalidMessageException}. */
    public static ObjectNode parseObject(byte[] body) {
        return parseObject(body, null);
    }

    /**
     * Parses a JSON object whose fields are named under {@code root} in errors, so that a duplicate key reads
     * {@code malformed JSON: checkin.incidents[0].summary is given twice}.
     */
    public static ObjectNode parseObject(byte[] body, String root) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            String duplicate = duplicatePath(e, root);
            throw new InvalidMessageException("malformed JSON: "
                    + (duplicate != null ? duplicate + " is given twice" : firstLine(e.getMessage())));
        } catch (NumberFormatException e) {
            // Jackson reports a number BigDecimal cannot hold (1e999999999995) as NumberFormatException
            throw new InvalidMessageException("malformed JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new InvalidMessageException("expected a JSON object");
        }
        return (ObjectNode) node;
    }

    public static ObjectNode parseObject(String body) {
        return parseObject(body.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode JSON", e);
        }
    }

    public static String text(JsonNode node) {
        return new String(bytes(node), StandardCharsets.UTF_8);
    }

    /** The path of the duplicated key, or null when {@code e} is not a duplicate-key refusal. */
    private static String duplicatePath(IOException e, String root) {
        if (!(e instanceof JsonProcessingException jpe) || !(jpe.getProcessor() instanceof JsonParser parser)
                || e.getMessage() == null || !e.getMessage().startsWith("Duplicate field")) {
            return null;
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject()) {
                path.insert(0, "." + String.valueOf(c.getCurrentName()).replaceAll("\\p{Cntrl}", "?"));
            } else if (c.inArray()) {
                path.insert(0, "[" + c.getCurrentIndex() + "]");
            }
        }
        String prefix = root == null ? "body" : root;
        return prefix + path;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
