package dev.osiris.protocol.checkin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;

import java.util.List;

/** Field checks the incident, resolution and compliance messages share beyond {@link Fields}. */
final class WireChecks {

    private WireChecks() {
    }

    /** A string field that must be one of {@code allowed}; the error lists them. */
    static String oneOf(Fields f, String field, List<String> allowed) {
        String value = f.requireString(field);
        if (!allowed.contains(value)) {
            throw new InvalidMessageException(f.path(field) + " must be one of " + String.join(", ", allowed)
                    + ", got \"" + clip(value) + "\"");
        }
        return value;
    }

    /** A required runbook-style identifier such as {@code RB-WIN-FIREWALL-001}. */
    static String identifier(Fields f, String field) {
        return Fields.identifier(TextNode.valueOf(f.requireString(field)), f.path(field));
    }

    /** An object field whose JSON encoding is at most {@code maxBytes}. */
    static ObjectNode boundedObject(Fields f, String field, int maxBytes) {
        ObjectNode value = f.requireObject(field);
        return bounded(value, f.path(field), maxBytes);
    }

    static ObjectNode bounded(ObjectNode value, String path, int maxBytes) {
        if (Json.bytes(value).length > maxBytes) {
            throw new InvalidMessageException(path + " is larger than " + maxBytes + " bytes");
        }
        return value;
    }

    /** A string that may be empty but not longer than {@code maxLength}; absent reads as empty. */
    static String optionalString(Fields f, String field, int maxLength) {
        if (!f.has(field)) {
            return "";
        }
        String value = f.requireString(field);
        if (value.length() > maxLength) {
            throw new InvalidMessageException(f.path(field) + " is longer than " + maxLength + " characters");
        }
        return value;
    }

    private static String clip(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
