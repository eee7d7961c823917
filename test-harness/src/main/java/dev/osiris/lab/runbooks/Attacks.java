package dev.osiris.lab.runbooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.osiris.lab.chaos.Category;
import dev.osiris.protocol.runbook.Platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The chaos attacks of the repository ({@code chaos-lab/attacks/<platform>/<runbook>.<slug>.yaml}), found through
 * the {@code osiris.attacks.dir} system property or by walking up from the working directory. Broken files fail
 * loudly with their name. Each names its MITRE ATT&CK technique ({@code attack: T1562.004}, required), and may say
 * how it makes the drift ({@code kind}) and that a policy enforces it ({@code enforced: true}).
 */
public final class Attacks {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> REQUIRED = Set.of("runbook", "title", "platform", "category", "script", "attack");
    private static final Set<String> KEYS = Set.of("runbook", "title", "platform", "category", "script", "attack",
            "kind", "enforced");
    /** A MITRE ATT&CK (Enterprise) technique or sub-technique id. */
    private static final Pattern TECHNIQUE = Pattern.compile("T[0-9]{4}(\\.[0-9]{3})?");

    private final List<Attack> all;

    private Attacks(List<Attack> all) {
        this.all = List.copyOf(all);
    }

    public static Attacks load() {
        return load(directory());
    }

    public static Attacks load(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return new Attacks(files.filter(p -> p.toString().endsWith(".yaml")).sorted().map(Attacks::read).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read attacks in " + dir, e);
        }
    }

    /** {@code chaos-lab/attacks} of this checkout. */
    public static Path directory() {
        String configured = System.getProperty("osiris.attacks.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            Path candidate = at.resolve("chaos-lab/attacks");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("chaos-lab/attacks not found above " + Path.of("").toAbsolutePath()
                + " (set -Dosiris.attacks.dir)");
    }

    private static Attack read(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        try {
            JsonNode node = YAML.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("must be a mapping");
            }
            node.fieldNames().forEachRemaining(k -> {
                if (!KEYS.contains(k)) {
                    throw new IllegalArgumentException("unknown key " + k);
                }
            });
            for (String k : REQUIRED) {
                if (!node.path(k).isTextual() || node.path(k).textValue().isBlank()) {
                    throw new IllegalArgumentException(switch (k) {
                        case "category" -> "category is required (one of " + Category.known() + ")";
                        case "attack" -> "attack is required: the MITRE ATT&CK technique, e.g. T1562.004";
                        default -> k + " is required text";
                    });
                }
            }
            String technique = node.get("attack").textValue();
            if (!TECHNIQUE.matcher(technique).matches()) {
                throw new IllegalArgumentException("attack must be a MITRE ATT&CK technique id like T1562 or T1562.004, got '"
                        + technique + "'");
            }
            AttackKind kind = node.has("kind") ? AttackKind.fromWire(node.get("kind").asText()) : null;
            JsonNode enforced = node.path("enforced");
            if (!enforced.isMissingNode() && !enforced.isBoolean()) {
                throw new IllegalArgumentException("enforced must be true or false");
            }
            Category category = Category.fromWire(node.get("category").textValue());
            Platform platform = Platform.fromWire(node.get("platform").textValue());
            String runbook = node.get("runbook").textValue();
            if (platform == null || !runbook.startsWith(platform.idPrefix())) {
                throw new IllegalArgumentException("platform must be windows or linux and match the runbook id");
            }
            if (!name.startsWith(runbook + ".")) {
                throw new IllegalArgumentException("file name must start with the runbook id and a dot");
            }
            return new Attack(name, runbook, node.get("title").textValue(), platform, category,
                    node.get("script").textValue(), technique, kind, enforced.asBoolean(false));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("attack " + file + ": " + e.getMessage(), e);
        }
    }

    public List<Attack> all() {
        return all;
    }

    public List<Attack> forCategory(Category category) {
        return all.stream().filter(a -> a.category() == category).toList();
    }

    public List<Attack> forRunbook(String runbookId) {
        return all.stream().filter(a -> a.runbook().equals(runbookId)).toList();
    }
}
