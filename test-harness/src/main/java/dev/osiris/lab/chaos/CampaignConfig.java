package dev.osiris.lab.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A campaign's settings, read from {@code chaos-lab/config.env} ({@code KEY=value} lines, {@code #} comments, values
 * optionally in double quotes; the file is parsed, never sourced). Unknown keys and bad values are refused with the
 * file, line and key.
 *
 * @param labSpec          a lab.yaml naming the hosts and their accounts, or null for the default lab
 * @param hosts            lab host names to attack (empty: every host of the lab)
 * @param categories       categories to attack (every category by default)
 * @param attacks          attack names or runbook ids for the stress plan (empty: one attack per category)
 * @param attacksPerCategory at most this many attacks per category (0: all) in healing-first and full-spectrum
 * @param rounds           stress rounds
 * @param healTimeout      how long a round waits for the appliance to detect, heal and verify
 * @param enableRestores   restore a host whose attack was not healed (off: restores are the exception)
 * @param timeSync         sync the target's clock before each attack
 * @param healingMode      the site's healing mode during the campaign (full-coverage, standard, detect-only)
 * @param allowedTargets   addresses outside the lab (198.18.0.0/15, loopback) the engineer allows explicitly
 * @param seed             attack order and host choice (null: drawn at start and written to the report)
 */
public record CampaignConfig(Path labSpec, List<String> hosts, List<Category> categories, List<String> attacks,
                             int attacksPerCategory, int rounds, Duration healTimeout, boolean enableRestores,
                             boolean timeSync, String healingMode, Set<String> allowedTargets, Long seed) {

    private static final Set<String> KEYS = Set.of("LAB_SPEC", "HOSTS", "CATEGORIES", "ATTACKS", "ATTACKS_PER_CATEGORY",
            "ROUNDS", "HEAL_TIMEOUT_SECONDS", "ENABLE_RESTORES", "TIME_SYNC_BEFORE_ATTACK", "HEALING_MODE",
            "ALLOWED_TARGETS", "SEED");
    private static final Set<String> MODES = Set.of("full-coverage", "standard", "detect-only");

    public static final CampaignConfig DEFAULTS = new CampaignConfig(null, List.of(), List.of(Category.values()),
            List.of(), 0, 5, Duration.ofMinutes(3), false, true, "full-coverage", Set.of(), null);

    public CampaignConfig {
        hosts = List.copyOf(hosts);
        categories = List.copyOf(categories);
        attacks = List.copyOf(attacks);
        allowedTargets = Set.copyOf(allowedTargets);
    }

    public CampaignConfig withSeed(long s) {
        return new CampaignConfig(labSpec, hosts, categories, attacks, attacksPerCategory, rounds, healTimeout,
                enableRestores, timeSync, healingMode, allowedTargets, s);
    }

    /** @throws IllegalArgumentException naming the file, the line and what is wrong */
    public static CampaignConfig load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            int eq = line.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException(where + "expected KEY=value, got '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(where + "unknown key " + key + " (known: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
            values.put(key, unquote(line.substring(eq + 1).strip(), where + key));
        }
        try {
            return from(values, file.toAbsolutePath().getParent());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    static CampaignConfig from(Map<String, String> v, Path base) {
        CampaignConfig d = DEFAULTS;
        String spec = v.getOrDefault("LAB_SPEC", "");
        return new CampaignConfig(
                spec.isEmpty() ? null : base.resolve(spec).normalize(),
                list(v.get("HOSTS")),
                v.containsKey("CATEGORIES") && !list(v.get("CATEGORIES")).isEmpty()
                        ? list(v.get("CATEGORIES")).stream().map(c -> wrap("CATEGORIES", () -> Category.fromWire(c))).toList()
                        : d.categories(),
                list(v.get("ATTACKS")),
                number(v, "ATTACKS_PER_CATEGORY", d.attacksPerCategory(), 0),
                number(v, "ROUNDS", d.rounds(), 1),
                Duration.ofSeconds(number(v, "HEAL_TIMEOUT_SECONDS", (int) d.healTimeout().toSeconds(), 1)),
                bool(v, "ENABLE_RESTORES", d.enableRestores()),
                bool(v, "TIME_SYNC_BEFORE_ATTACK", d.timeSync()),
                mode(v.getOrDefault("HEALING_MODE", d.healingMode())),
                Set.copyOf(list(v.get("ALLOWED_TARGETS"))),
                v.containsKey("SEED") && !v.get("SEED").isEmpty()
                        ? wrap("SEED", () -> Long.parseLong(v.get("SEED"))) : null);
    }

    private static List<String> list(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }

    private static int number(Map<String, String> v, String key, int fallback, int min) {
        String text = v.get(key);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        int n = wrap(key, () -> Integer.parseInt(text));
        if (n < min) {
            throw new IllegalArgumentException(key + " must be at least " + min + ", got " + n);
        }
        return n;
    }

    private static boolean bool(Map<String, String> v, String key, boolean fallback) {
        String text = v.get(key);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, got '" + text + "'");
        };
    }

    private static String mode(String m) {
        if (!MODES.contains(m)) {
            throw new IllegalArgumentException("HEALING_MODE must be full-coverage, standard or detect-only, got '" + m + "'");
        }
        return m;
    }

    private static String unquote(String value, String where) {
        if (value.startsWith("\"")) {
            if (value.length() < 2 || !value.endsWith("\"")) {
                throw new IllegalArgumentException(where + ": unterminated double quote");
            }
            return value.substring(1, value.length() - 1);
        }
        int comment = value.indexOf(" #");
        return comment < 0 ? value : value.substring(0, comment).strip();
    }

    private static <T> T wrap(String key, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number (" + e.getMessage() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }
}
