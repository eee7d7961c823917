package dev.osiris.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A deterministic text form of a JSON value, the input to evidence hashes: object keys sorted by code
 * point, no whitespace, numbers in plain notation with trailing zeros stripped (beyond 1,000 digits with their
 * exponent), strings escaped minimally.
 * Encoding a value, parsing the text and encoding it again gives the same text.
 */
public final class CanonicalJson {

    /** Jackson's default maximum number length: a number whose plain text fits is written plain. */
    static final int MAX_PLAIN_DIGITS = 1_000;

    private CanonicalJson() {
    }

    public static String encode(JsonNode node) {
        StringBuilder out = new StringBuilder(128);
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out);
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> writeNumber(node, out);
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.size());
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        it.forEachRemaining(fields::add);
        fields.sort(Map.Entry.comparingByKey());
        out.append('{');
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeString(fields.get(i).getKey(), out);
            out.append(':');
            write(fields.get(i).getValue(), out);
        }
        out.append('}');
    }

    private static void writeNumber(JsonNode node, StringBuilder out) {
        if (node.isIntegralNumber()) {
            out.append(node.bigIntegerValue());
            return;
        }
        BigDecimal value = node.isBigDecimal() ? node.decimalValue() : new BigDecimal(node.asText());
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.signum() == 0) {
            out.append('0');
        } else if (plainLength(stripped) <= MAX_PLAIN_DIGITS) {
            out.append(stripped.toPlainString());
        } else {
            // 1e999999999 in plain notation is a gigabyte of zeros, and past the parser's number length limit
            // anyway: such a number keeps its exponent (still one form per value, and it parses back the same)
            out.append(stripped);
        }
    }

    /** Characters of the plain notation (sign, digits, decimal point), without building it. */
    private static long plainLength(BigDecimal stripped) {
        long precision = stripped.precision();
        long scale = stripped.scale();
        long sign = stripped.signum() < 0 ? 1 : 0;
        return sign + (scale <= 0 ? precision - scale : Math.max(precision, scale) + 2);
    }

    private static void writeString(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // an unpaired surrogate has no UTF-8 form: escaped, the text survives being hashed as UTF-8
                    if (c < 0x20 || Character.isSurrogate(c) && !pairedAt(value, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean pairedAt(String value, int i) {
        char c = value.charAt(i);
        return Character.isHighSurrogate(c)
                ? i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
    }
}
