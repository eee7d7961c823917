package dev.osiris.lab.windows.model;

/**
 * A .NET enum value as PowerShell sees it: prints as its name, serialises to JSON as its number
 * (Windows PowerShell 5.1 behaviour, e.g. a service's Status Running = 4).
 */
public record PsEnumValue(String typeName, String name, int value) {
    @Override
    public String toString() {
        return name;
    }
}
