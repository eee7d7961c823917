package dev.osiris.lab.windows.shell.ps;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Calls a script-defined function: binds -Name value / -Switch / positional arguments to its parameters,
 * runs the body, restores the parameter variables afterwards (variables assigned inside are not local: the
 * emulator has one flat scope).
 */
final class PsFunctions {

    private PsFunctions() {
    }

    static void call(PsInterpreter interp, Ast.Function fn, List<Ast.Arg> args, List<Object> input, Consumer<Object> out) {
        Map<String, Object> bound = new HashMap<>();
        List<Object> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            Ast.Arg a = args.get(i);
            if (a instanceof Ast.ValueArg v) {
                positional.add(interp.argValue(v.value()));
                continue;
            }
            Ast.ParamArg p = (Ast.ParamArg) a;
            Ast.Param param = resolve(fn, p.name());
            boolean isSwitch = "switch".equalsIgnoreCase(param.type());
            Object value;
            if (p.value() != null) {
                value = interp.argValue(p.value());
            } else if (isSwitch) {
                value = Boolean.TRUE;
            } else if (i + 1 < args.size() && args.get(i + 1) instanceof Ast.ValueArg next) {
                value = interp.argValue(next.value());
                i++;
            } else {
                throw PsError.of(fn.name(), "Missing an argument for parameter '" + param.name() + "'. Specify a "
                        + "parameter of type 'System.Object' and try again.", "InvalidArgument", "MissingArgument", "");
            }
            bound.put(param.name().toLowerCase(Locale.ROOT), value);
        }
        List<Object> extra = new ArrayList<>();
        int next = 0;
        for (Object v : positional) {
            while (next < fn.params().size() && (bound.containsKey(fn.params().get(next).name().toLowerCase(Locale.ROOT))
                    || "switch".equalsIgnoreCase(fn.params().get(next).type()))) {
                next++;
            }
            if (next < fn.params().size()) {
                bound.put(fn.params().get(next++).name().toLowerCase(Locale.ROOT), v);
            } else {
                extra.add(v);
            }
        }
        Map<String, Object> saved = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (Ast.Param p : fn.params()) {
            names.add(p.name());
        }
        names.add("args");
        names.add("input");
        for (String n : names) {
            saved.put(n, interp.getVariable(n));
        }
        try {
            for (Ast.Param p : fn.params()) {
                String key = p.name().toLowerCase(Locale.ROOT);
                Object v = bound.containsKey(key) ? bound.get(key)
                        : p.defaultValue() != null ? interp.eval(p.defaultValue())
                        : "switch".equalsIgnoreCase(p.type()) ? Boolean.FALSE : null;
                if (p.type() != null && v != null && !"switch".equalsIgnoreCase(p.type())) {
                    v = PsMembers.cast(p.type(), v, interp);
                }
                interp.setVariable(p.name(), v);
            }
            interp.setVariable("args", extra);
            interp.setVariable("input", input == null ? new ArrayList<>() : new ArrayList<>(input));
            interp.runBlock(fn.body(), out);
        } catch (PsInterpreter.ReturnSignal r) {
            // return leaves the function with what it wrote
        } finally {
            saved.forEach(interp::setVariable);
        }
    }

    private static Ast.Param resolve(Ast.Function fn, String given) {
        List<Ast.Param> hits = new ArrayList<>();
        for (Ast.Param p : fn.params()) {
            if (p.name().equalsIgnoreCase(given)) {
                return p;
            }
            if (p.name().toLowerCase(Locale.ROOT).startsWith(given.toLowerCase(Locale.ROOT))) {
                hits.add(p);
            }
        }
        if (hits.size() == 1) {
            return hits.get(0);
        }
        throw PsError.of(fn.name(), "A parameter cannot be found that matches parameter name '" + given + "'.",
                "InvalidArgument", "NamedParameterNotFound," + fn.name(), "");
    }
}
