package dev.osiris.protocol.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.osiris.protocol.json.Json;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one runbook file; every problem is an {@link InvalidRunbookException} naming the file and the field. */
public final class RunbookParser {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern ID = Pattern.compile("RB-(WIN|LNX)-[A-Z0-9]+(-[A-Z0-9]+)*-[0-9]{3}");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,5})(ms|s|m)");
    private static final Set<String> KEYS = Set.of("id", "version", "title", "platform", "severity", "heal", "standard",
            "controls", "timeouts", "params", "detect", "expect", "remediate", "verify");

    private RunbookParser() {
    }

    public static Runbook parse(String source, byte[] bytes) {
        JsonNode root;
        try {
            root = YAML.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidRunbookException(source + ": not YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRunbookException(source + ": unreadable: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRunbookException(source + ": must be a YAML mapping");
        }
        return new Reader(source, root).runbook(sha256(bytes));
    }

    private record Reader(String source, JsonNode root) {

        Runbook runbook(String sha256) {
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!KEYS.contains(key)) {
                    throw fail(key, "unknown key (known: " + KEYS + ")");
                }
            }
            String id = text("id");
            if (!ID.matcher(id).matches()) {
                throw fail("id", "must look like RB-WIN-FIREWALL-001, got " + id);
            }
            Platform platform = Platform.fromWire(text("platform"));
            if (platform == null) {
                throw fail("platform", "must be windows or linux");
            }
            if (!id.startsWith(platform.idPrefix())) {
                throw fail("id", "a " + platform.wire() + " runbook id starts with " + platform.idPrefix());
            }
            JsonNode version = root.get("version");
            if (version == null || !version.isInt() || version.intValue() < 1) {
                throw fail("version", "must be a positive integer");
            }
            Severity severity = Severity.fromWire(text("severity"));
            if (severity == null) {
                throw fail("severity", "must be low, medium, high or critical");
            }
            HealPolicy heal = HealPolicy.fromWire(text("heal"));
            if (heal == null) {
                throw fail("heal", "must be auto, detect-only or escalate");
            }
            String remediate = optionalText("remediate");
            if (heal == HealPolicy.AUTO && remediate == null) {
                throw fail("remediate", "an auto runbook needs a remediate script");
            }
            if (heal != HealPolicy.AUTO && remediate != null) {
                throw fail("remediate", "only auto runbooks remediate (heal is " + heal.wire() + ")");
            }
            JsonNode standard = root.get("standard");
            if (standard == null || !standard.isBoolean()) {
                throw fail("standard", "must be true or false");
            }
            JsonNode params = root.get("params");
            if (params != null && !params.isObject()) {
                throw fail("params", "must be a mapping");
            }
            ObjectNode paramValues = params == null ? Json.object() : (ObjectNode) params;
            List<Expectation> expect = expectations(paramValues);
            checkTemplates(paramValues);
            JsonNode timeouts = root.path("timeouts");
            return new Runbook(id, version.intValue(), text("title"), platform, severity, heal, standard.booleanValue(),
                    controls(), duration(timeouts, "detect", Duration.ofSeconds(20)),
                    duration(timeouts, "remediate", Duration.ofSeconds(60)), paramValues, text("detect"), expect,
                    remediate, optionalText("verify"), sha256);
        }

        private Map<Framework, List<String>> controls() {
            JsonNode node = root.get("controls");
            if (node == null || !node.isObject()) {
                throw fail("controls", "must map every framework to its control ids");
            }
            Map<Framework, List<String>> out = new EnumMap<>(Framework.class);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Framework f = Framework.fromWire(e.getKey());
                if (f == null) {
                    throw fail("controls." + e.getKey(), "unknown framework");
                }
                if (!e.getValue().isArray()) {
                    throw fail("controls." + e.getKey(), "must be a list of control ids");
                }
                List<String> ids = new ArrayList<>();
                e.getValue().forEach(v -> {
                    if (!v.isTextual() || v.textValue().isBlank()) {
                        throw fail("controls." + e.getKey(), "control ids are non-empty strings");
                    }
                    ids.add(v.textValue());
                });
                out.put(f, List.copyOf(ids));
            }
            for (Framework f : Framework.values()) {
                if (!out.containsKey(f)) {
                    throw fail("controls." + f.wire(), "missing (use [] when the framework has no matching control)");
                }
            }
            return out;
        }

        private List<Expectation> expectations(ObjectNode params) {
            JsonNode node = root.get("expect");
            if (node == null || !node.isArray() || node.isEmpty()) {
                throw fail("expect", "must list at least one expectation");
            }
            List<Expectation> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                String where = "expect[" + i + "]";
                JsonNode item = node.get(i);
                if (!item.isObject() || !item.path("path").isTextual()) {
                    throw fail(where, "needs a path");
                }
                List<String> ops = new ArrayList<>();
                item.fieldNames().forEachRemaining(k -> {
                    if (!k.equals("path") && !k.equals("optional")) {
                        ops.add(k);
                    }
                });
                if (ops.size() != 1) {
                    throw fail(where, "needs exactly one operator, got " + ops);
                }
                try {
                    Expectation e = new Expectation(item.get("path").textValue(), ops.get(0), item.get(ops.get(0)),
                            item.path("optional").asBoolean(false));
                    if (e.parameter().isEmpty()) {
                        Operators.validateOperand(e.operator(), e.value());
                    } else if (params.has(e.parameter().get()) && !params.get(e.parameter().get()).isNull()) {
                        Operators.validateOperand(e.operator(), params.get(e.parameter().get()));
                    }
                    out.add(e);
                } catch (IllegalArgumentException e) {
                    throw fail(where, e.getMessage());
                }
            }
            return out;
        }

        /** Every {@code {{name}}} in a script must be a declared parameter. */
        private void checkTemplates(ObjectNode params) {
            for (String key : List.of("detect", "remediate", "verify")) {
                String script = optionalText(key);
                if (script == null) {
                    continue;
                }
                Matcher m = ScriptTemplates.PLACEHOLDER.matcher(script);
                while (m.find()) {
                    if (!params.has(m.group(1))) {
                        throw fail(key, "{{" + m.group(1) + "}} is not a declared parameter");
                    }
                }
            }
        }

        private Duration duration(JsonNode timeouts, String key, Duration fallback) {
            JsonNode node = timeouts.get(key);
            if (node == null) {
                return fallback;
            }
            Matcher m = DURATION.matcher(node.asText());
            if (!m.matches()) {
                throw fail("timeouts." + key, "must look like 20s, 2m or 500ms");
            }
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
            if (d.isZero() || d.compareTo(Duration.ofMinutes(30)) > 0) {
                throw fail("timeouts." + key, "must be between 1 ms and 30 min");
            }
            return d;
        }

        private String text(String key) {
            String value = optionalText(key);
            if (value == null) {
                throw fail(key, "is required");
            }
            return value;
        }

        private String optionalText(String key) {
            JsonNode node = root.get(key);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isTextual() || node.textValue().isBlank()) {
                throw fail(key, "must be non-empty text");
            }
            return node.textValue();
        }

        private InvalidRunbookException fail(String field, String message) {
            return new InvalidRunbookException(source + ": " + field + ": " + message);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
