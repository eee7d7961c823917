package dev.osiris.lab.windows.shell.ps;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Binds evaluated command arguments to a cmdlet's parameters, with PowerShell's error messages. */
final class ParameterBinder {

    /** An evaluated argument: a parameter name (with an optional colon value) or a value. */
    record Arg(String param, Object value, boolean hasValue) {
    }

    private static final List<ParamSpec> COMMON = List.of(ParamSpec.named("ErrorAction", "ea"),
            ParamSpec.named("WarningAction", "wa"), ParamSpec.named("InformationAction", "infa"),
            ParamSpec.flag("Verbose", "vb"), ParamSpec.flag("Debug", "db"), ParamSpec.named("ErrorVariable", "ev"),
            ParamSpec.named("WarningVariable", "wv"), ParamSpec.named("OutVariable", "ov"),
            ParamSpec.named("OutBuffer", "ob"), ParamSpec.flag("Confirm", "cf"), ParamSpec.flag("WhatIf", "wi"));

    private ParameterBinder() {
    }

    static Map<String, Object> bind(CmdletRegistry.Entry cmdlet, List<Arg> args) {
        List<ParamSpec> all = new ArrayList<>(cmdlet.params());
        all.addAll(COMMON);
        Map<String, Object> bound = new HashMap<>();
        List<Object> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            Arg a = args.get(i);
            if (a.param() == null) {
                positional.add(a.value());
                continue;
            }
            ParamSpec spec = resolve(cmdlet.name(), all, a.param());
            String key = spec.name().toLowerCase(Locale.ROOT);
            if (bound.containsKey(key)) {
                throw PsError.of(cmdlet.name(), "Cannot bind parameter because parameter '" + spec.name()
                        + "' is specified more than once.", "InvalidArgument", "ParameterAlreadyBound," + id(cmdlet), "");
            }
            if (spec.isSwitch()) {
                bound.put(key, a.hasValue() ? a.value() : Boolean.TRUE);
            } else if (a.hasValue()) {
                bound.put(key, a.value());
            } else if (i + 1 < args.size() && args.get(i + 1).param() == null) {
                bound.put(key, args.get(++i).value());
            } else {
                throw PsError.of(cmdlet.name(), "Missing an argument for parameter '" + spec.name() + "'. Specify a "
                        + "parameter of type 'System.Object' and try again.", "InvalidArgument",
                        "MissingArgument," + id(cmdlet), "");
            }
        }
        List<ParamSpec> byPosition = cmdlet.params().stream().filter(p -> p.position() >= 0)
                .sorted((x, y) -> Integer.compare(x.position(), y.position())).toList();
        int next = 0;
        for (Object value : positional) {
            while (next < byPosition.size() && bound.containsKey(byPosition.get(next).name().toLowerCase(Locale.ROOT))) {
                next++;
            }
            if (next >= byPosition.size()) {
                throw PsError.of(cmdlet.name(), "A positional parameter cannot be found that accepts argument '"
                        + PsConvert.toStr(value) + "'.", "InvalidArgument", "PositionalParameterNotFound," + id(cmdlet), "");
            }
            bound.put(byPosition.get(next++).name().toLowerCase(Locale.ROOT), value);
        }
        return bound;
    }

    private static ParamSpec resolve(String cmdlet, List<ParamSpec> all, String given) {
        for (ParamSpec p : all) {
            if (p.name().equalsIgnoreCase(given) || p.aliases().stream().anyMatch(a -> a.equalsIgnoreCase(given))) {
                return p;
            }
        }
        List<ParamSpec> prefixed = all.stream().filter(p -> p.name().toLowerCase(Locale.ROOT)
                .startsWith(given.toLowerCase(Locale.ROOT))).toList();
        if (prefixed.size() == 1) {
            return prefixed.get(0);
        }
        if (prefixed.size() > 1) {
            throw PsError.of(cmdlet, "Parameter cannot be processed because the parameter name '" + given + "' is "
                    + "ambiguous. Possible matches include: " + String.join(" ", prefixed.stream()
                    .map(p -> "-" + p.name()).toList()) + ".", "InvalidArgument", "AmbiguousParameter", "");
        }
        throw PsError.of(cmdlet, "A parameter cannot be found that matches parameter name '" + given + "'.",
                "InvalidArgument", "NamedParameterNotFound,Microsoft.PowerShell.Commands." + cmdlet.replace("-", "")
                        + "Command", "");
    }

    private static String id(CmdletRegistry.Entry cmdlet) {
        return "Microsoft.PowerShell.Commands." + cmdlet.name().replace("-", "") + "Command";
    }
}
