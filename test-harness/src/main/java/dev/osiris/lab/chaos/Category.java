package dev.osiris.lab.chaos;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The five categories of the full-spectrum plan; every attack in {@code chaos-lab/attacks/} names one. */
public enum Category {
    SECURITY, NETWORK, SERVICES, POLICY, PERSISTENCE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the known categories */
    public static Category fromWire(String text) {
        for (Category c : values()) {
            if (c.wire().equals(text)) {
                return c;
            }
        }
        throw new IllegalArgumentException("category must be one of " + known() + ", got '" + text + "'");
    }

    public static String known() {
        return Arrays.stream(values()).map(Category::wire).collect(Collectors.joining(", "));
    }
}
