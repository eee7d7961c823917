package dev.osiris.lab.windows.model;

import java.util.Locale;
import java.util.Optional;

/** Registry value types, with the names PowerShell ({@code DWord}) and reg.exe ({@code REG_DWORD}) use. */
public enum RegistryValueKind {
    STRING("String", "REG_SZ"),
    EXPAND_STRING("ExpandString", "REG_EXPAND_SZ"),
    DWORD("DWord", "REG_DWORD"),
    QWORD("QWord", "REG_QWORD"),
    MULTI_STRING("MultiString", "REG_MULTI_SZ"),
    BINARY("Binary", "REG_BINARY");

    private final String psName;
    private final String regName;

    RegistryValueKind(String psName, String regName) {
        this.psName = psName;
        this.regName = regName;
    }

    public String psName() {
        return psName;
    }

    public String regName() {
        return regName;
    }

    /** Parses {@code DWord}, {@code REG_DWORD} (case-insensitive). */
    public static Optional<RegistryValueKind> parse(String text) {
        String t = text.toUpperCase(Locale.ROOT);
        for (RegistryValueKind k : values()) {
            if (k.psName.toUpperCase(Locale.ROOT).equals(t) || k.regName.equals(t)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
