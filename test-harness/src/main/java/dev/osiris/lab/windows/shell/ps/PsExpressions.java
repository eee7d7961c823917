package dev.osiris.lab.windows.shell.ps;

import java.util.ArrayList;
import java.util.List;

/** Evaluates expressions for the {@link PsInterpreter} (variables, members, operators, literals). */
final class PsExpressions {

    private final PsInterpreter interp;

    PsExpressions(PsInterpreter interp) {
        this.interp = interp;
    }


    Object eval(Ast.Expr e) {
        return switch (e) {
            case Ast.Const c -> c.value();
            case Ast.BareWord b -> PsConvert.bareWord(b.text());
            case Ast.Str s -> expand(s.parts());
            case Ast.Var v -> interp.getVariable(v.name());
            case Ast.Member m -> PsMembers.get(eval(m.target()), m.name());
            case Ast.Invoke inv -> invoke(inv);
            case Ast.StaticMember sm -> PsMembers.staticMember(sm.type(), sm.name(), List.of(), false, interp);
            case Ast.StaticInvoke si -> dotNet(si.name(), si.args().size(),
                    () -> PsMembers.staticMember(si.type(), si.name(), evalAll(si.args()), true, interp));
            case Ast.Index ix -> index(eval(ix.target()), eval(ix.index()));
            case Ast.Binary b -> binary(b);
            case Ast.Unary u -> unary(u);
            case Ast.Cast c -> PsMembers.cast(c.type(), eval(c.operand()), interp);
            case Ast.TypeLit t -> new PsOps.TypeRef(t.type());
            case Ast.ArrayLit a -> new ArrayList<>(evalAll(a.items()));
            case Ast.SubExpr s -> s.forceArray() ? interp.collectStatements(s.block()) : PsConvert.unwrap(interp.collectStatements(s.block()));
            case Ast.Paren p -> interp.valueOf(p.statement());
            case Ast.HashLit h -> hashtable(h);
            case Ast.ScriptBlockLit sb -> new ScriptBlock(sb.block(), sb.text());
        };
    }

    /** .NET exceptions surface as catchable PowerShell errors ("Exception calling ..."), not emulator failures. */
    private static Object dotNet(String method, int argc, java.util.function.Supplier<Object> call) {
        try {
            return call.get();
        } catch (PsError e) {
            throw e;
        } catch (RuntimeException e) {
            throw PsError.of(null, "Exception calling \"" + method + "\" with \"" + argc + "\" argument(s): \""
                    + e.getMessage() + "\"", "NotSpecified", "MethodInvocationException", method);
        }
    }

    private List<Object> evalAll(List<Ast.Expr> exprs) {
        List<Object> out = new ArrayList<>();
        for (Ast.Expr x : exprs) {
            out.add(eval(x));
        }
        return out;
    }

    private Object invoke(Ast.Invoke inv) {
        Object target = eval(inv.target());
        List<Object> args = evalAll(inv.args());
        if (target instanceof ScriptBlock sb && inv.name().equalsIgnoreCase("Invoke")) {
            return PsConvert.unwrap(interp.invokeScriptBlock(sb, null));
        }
        if (target == null) {
            throw PsError.of(null, "You cannot call a method on a null-valued expression.", "InvalidOperation",
                    "InvokeMethodOnNull", "");
        }
        return dotNet(inv.name(), args.size(), () -> PsMembers.invoke(target, inv.name(), args));
    }

    private Object index(Object target, Object index) {
        if (target == null) {
            throw PsError.of(null, "Cannot index into a null array.", "InvalidOperation", "NullArray", "");
        }
        if (target instanceof PsObject o) {
            return o.isHashtable() ? o.get(PsConvert.toStr(index)) : PsMembers.get(o, PsConvert.toStr(index));
        }
        if (index instanceof List<?> many) {
            List<Object> out = new ArrayList<>();
            for (Object i : many) {
                out.add(index(target, i));
            }
            return out;
        }
        int i = PsConvert.toInt(index);
        if (target instanceof List<?> l) {
            int k = i < 0 ? l.size() + i : i;
            return k >= 0 && k < l.size() ? l.get(k) : null;
        }
        if (target instanceof String s) {
            int k = i < 0 ? s.length() + i : i;
            return k >= 0 && k < s.length() ? String.valueOf(s.charAt(k)) : null;
        }
        return i == 0 || i == -1 ? target : null;
    }

    private Object binary(Ast.Binary b) {
        switch (b.op()) {
            case "and":
                return PsConvert.toBool(eval(b.left())) && PsConvert.toBool(eval(b.right()));
            case "or":
                return PsConvert.toBool(eval(b.left())) || PsConvert.toBool(eval(b.right()));
            case "xor":
                return PsConvert.toBool(eval(b.left())) ^ PsConvert.toBool(eval(b.right()));
            default:
                return PsOps.binary(b.op(), eval(b.left()), eval(b.right()), interp);
        }
    }

    private Object unary(Ast.Unary u) {
        Object v = eval(u.operand());
        return switch (u.op()) {
            case "not" -> !PsConvert.toBool(v);
            case "-" -> PsOps.negate(v);
            case "+" -> PsConvert.toNumber(v);
            case "join" -> PsOps.join(v, "");
            case "split" -> PsOps.split(v, null);
            default -> throw PsError.of(null, "Unknown operator " + u.op(), "InvalidOperation", "UnknownOperator", u.op());
        };
    }

    private Object hashtable(Ast.HashLit h) {
        PsObject o = PsObject.hashtable();
        for (int i = 0; i < h.keys().size(); i++) {
            Object v = interp.valueOf(h.values().get(i));
            o.put(PsConvert.toStr(eval(h.keys().get(i))), v == PsInterpreter.NO_OUTPUT ? null : v);
        }
        return o;
    }

    private String expand(List<Expandable.Part> parts) {
        StringBuilder sb = new StringBuilder();
        for (Expandable.Part p : parts) {
            switch (p) {
                case Expandable.Literal l -> sb.append(l.text());
                case Expandable.Var v -> sb.append(PsConvert.toStr(interp.getVariable(v.name())));
                case Expandable.Sub s -> {
                    sb.append(PsConvert.toStr(PsConvert.unwrap(interp.collectStatements(PsParser.parse(s.source())))));
                }
            }
        }
        return sb.toString();
    }
}
