package dev.osiris.agent.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as people write them in configuration: {@code 500ms}, {@code 60s}, {@code 5m}, {@code 2h} or ISO-8601 {@code PT1M}. */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

    private Durations() {
    }

    /** @throws ConfigException naming {@code path} when the text is not a duration */
    public static Duration parse(String text, String path) {
        String value = text.trim();
        Matcher m = SHORT.matcher(value);
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            } catch (NumberFormatException | ArithmeticException e) {
                // more digits than a long holds, or more hours than a Duration holds
                throw new ConfigException(path + ": \"" + text + "\" is too long a duration");
            }
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new ConfigException(path + ": \"" + text + "\" is not a duration (write 500ms, 60s, 5m, 2h or ISO-8601 like PT1M)");
        }
    }

    /** Renders a duration the way {@link #parse} reads it. */
    public static String format(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        return d.toSeconds() + "s";
    }
}
