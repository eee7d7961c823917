package dev.osiris.lab.windows.shell.natives;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Parsing of Windows-style switches: /name, /name:value, -name. */
final class Switches {

    private Switches() {
    }

    static boolean has(List<String> args, String name) {
        return args.stream().anyMatch(a -> a.equalsIgnoreCase("/" + name) || a.equalsIgnoreCase("-" + name)
                || a.toLowerCase(Locale.ROOT).startsWith("/" + name.toLowerCase(Locale.ROOT) + ":"));
    }

    /** The value of /name:value (quotes already removed by argv splitting). */
    static Optional<String> value(List<String> args, String name) {
        String prefix = "/" + name.toLowerCase(Locale.ROOT) + ":";
        for (String a : args) {
            if (a.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return Optional.of(stripQuotes(a.substring(prefix.length())));
            }
        }
        return Optional.empty();
    }

    /** The argument following a flag like /v NAME. */
    static Optional<String> after(List<String> args, String flag) {
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equalsIgnoreCase(flag)) {
                return Optional.of(args.get(i + 1));
            }
        }
        return Optional.empty();
    }

    static String stripQuotes(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
