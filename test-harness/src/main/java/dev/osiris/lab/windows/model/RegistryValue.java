package dev.osiris.lab.windows.model;

import java.util.List;

/**
 * One registry value. {@code data} is a {@link String} (SZ/EXPAND_SZ), {@link Long} (DWORD/QWORD),
 * {@code List<String>} (MULTI_SZ) or {@code byte[]} (BINARY).
 */
public record RegistryValue(String name, RegistryValueKind kind, Object data) {

    public static RegistryValue dword(String name, long value) {
        return new RegistryValue(name, RegistryValueKind.DWORD, value & 0xFFFFFFFFL);
    }

    public static RegistryValue string(String name, String value) {
        return new RegistryValue(name, RegistryValueKind.STRING, value);
    }

    public static RegistryValue multi(String name, List<String> value) {
        return new RegistryValue(name, RegistryValueKind.MULTI_STRING, List.copyOf(value));
    }

    /** The data as a number when it is one (DWORD, QWORD, or a numeric string), else null. */
    public Long asLong() {
        if (data instanceof Long l) {
            return l;
        }
        if (data instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
