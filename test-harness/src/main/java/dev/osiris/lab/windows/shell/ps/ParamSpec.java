package dev.osiris.lab.windows.shell.ps;

import java.util.List;

/**
 * One parameter of a cmdlet: a name, whether it is a switch, its position (-1 = named only) and aliases.
 */
public record ParamSpec(String name, boolean isSwitch, int position, List<String> aliases) {

    public static ParamSpec named(String name, String... aliases) {
        return new ParamSpec(name, false, -1, List.of(aliases));
    }

    public static ParamSpec positional(String name, int position, String... aliases) {
        return new ParamSpec(name, false, position, List.of(aliases));
    }

    public static ParamSpec flag(String name, String... aliases) {
        return new ParamSpec(name, true, -1, List.of(aliases));
    }
}
