package dev.osiris.lab.runbooks;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How an attack makes its drift: the same drift made another way is what detection must still see (a cmdlet, the
 * native tool, the registry or a configuration file directly, a policy that overrides the local setting).
 */
public enum AttackKind {
    CMDLET, NATIVE, REGISTRY, FILE, POLICY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the known kinds */
    public static AttackKind fromWire(String text) {
        for (AttackKind k : values()) {
            if (k.wire().equals(text)) {
                return k;
            }
        }
        throw new IllegalArgumentException("kind must be one of " + known() + ", got '" + text + "'");
    }

    public static String known() {
        return Arrays.stream(values()).map(AttackKind::wire).collect(Collectors.joining(", "));
    }
}
