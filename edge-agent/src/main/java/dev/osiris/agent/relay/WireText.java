package dev.osiris.agent.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.checkin.Incident;
import dev.osiris.protocol.json.Json;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Fits what the agent saw on a host to the wire. A hostile or broken host can put control characters into what
 * it answers; the protocol refuses them (the relay cannot store a NUL), so an incident is escaped here, each such
 * character replaced with U+FFFD, rather than made into a report the relay would refuse.
 */
public final class WireText {

    private static final char REPLACEMENT = '\uFFFD';
    /** Incident fields that are names: no control character at all. */
    private static final Set<String> NAMES = Set.of("id", "host", "runbookId");

    private WireText() {
    }

    /** The incident in {@code body}, with the characters the protocol refuses replaced if there are any. */
    public static Incident incident(ObjectNode body) {
        try {
            return Incident.fromJson(body, "incident");
        } catch (InvalidMessageException e) {
            ObjectNode clean = body.deepCopy();
            for (Iterator<Map.Entry<String, JsonNode>> it = clean.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                field.setValue(escaped(field.getValue(), NAMES.contains(field.getKey())));
            }
            return Incident.fromJson(clean, "incident");
        }
    }

    /**
     * Free text for a report (a status detail made of error messages): refused control characters replaced, at
     * most {@code maxLength} characters.
     */
    public static String freeText(String text, int maxLength) {
        String clean = escaped(text, false);
        return clean.length() <= maxLength ? clean : clean.substring(0, maxLength - 3) + "...";
    }

    private static JsonNode escaped(JsonNode value, boolean name) {
        if (value.isTextual()) {
            return TextNode.valueOf(escaped(value.textValue(), name));
        }
        if (value.isArray()) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            value.forEach(v -> out.add(escaped(v, name)));
            return out;
        }
        if (value.isObject()) {
            ObjectNode out = Json.object();
            value.fields().forEachRemaining(e -> out.set(escaped(e.getKey(), false), escaped(e.getValue(), name)));
            return out;
        }
        return value;
    }

    private static String escaped(String text, boolean name) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean refused = name ? Character.isISOControl(c) : c < 0x20 && c != '\t' && c != '\n' && c != '\r';
            out.append(refused ? REPLACEMENT : c);
        }
        return out.toString();
    }
}
