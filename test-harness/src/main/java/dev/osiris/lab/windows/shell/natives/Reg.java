package dev.osiris.lab.windows.shell.natives;

import dev.osiris.lab.windows.model.Registry;
import dev.osiris.lab.windows.model.RegistryValue;
import dev.osiris.lab.windows.model.RegistryValueKind;
import dev.osiris.lab.windows.shell.NativeCommand;
import dev.osiris.lab.windows.shell.ShellContext;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** reg.exe: query, add, delete. */
final class Reg implements NativeCommand {

    private static final String NOT_FOUND = "ERROR: The system was unable to find the specified registry key or value.\r\n";

    @Override
    public int run(List<String> args, ShellContext ctx) {
        if (args.size() < 2) {
            return invalid(ctx);
        }
        String op = args.get(0).toLowerCase(Locale.ROOT);
        String key = args.get(1);
        if (!Registry.isRegistryPath(key)) {
            ctx.output().stderr("ERROR: Invalid key name.\r\nType \"REG " + op.toUpperCase(Locale.ROOT) + " /?\" for usage.\r\n");
            return 1;
        }
        return switch (op) {
            case "query" -> query(args, key, ctx);
            case "add" -> add(args, key, ctx);
            case "delete" -> delete(args, key, ctx);
            default -> invalid(ctx);
        };
    }

    private int query(List<String> args, String key, ShellContext ctx) {
        Registry reg = ctx.host().registry();
        Optional<Registry.KeySnapshot> snap = reg.key(key);
        if (snap.isEmpty()) {
            ctx.output().stderr(NOT_FOUND);
            return 1;
        }
        Optional<String> name = Switches.after(args, "/v");
        StringBuilder sb = new StringBuilder("\r\n").append(snap.get().path()).append("\r\n");
        if (name.isPresent()) {
            Optional<RegistryValue> v = reg.value(key, name.get());
            if (v.isEmpty()) {
                ctx.output().stderr(NOT_FOUND);
                return 1;
            }
            sb.append(line(v.get())).append("\r\n");
        } else {
            snap.get().values().forEach(v -> sb.append(line(v)));
            sb.append("\r\n");
            snap.get().subKeys().forEach(k -> sb.append(snap.get().path()).append('\\').append(k).append("\r\n"));
        }
        ctx.output().stdout(sb.toString());
        return 0;
    }

    static String line(RegistryValue v) {
        return "    " + (v.name().isEmpty() ? "(Default)" : v.name()) + "    " + v.kind().regName() + "    " + data(v) + "\r\n";
    }

    private static String data(RegistryValue v) {
        return switch (v.kind()) {
            case DWORD, QWORD -> "0x" + Long.toHexString((Long) v.data());
            case MULTI_STRING -> String.join("\\0", castList(v.data()));
            case BINARY -> HexFormat.of().withUpperCase().formatHex((byte[]) v.data());
            default -> String.valueOf(v.data());
        };
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object o) {
        return (List<String>) o;
    }

    private int add(List<String> args, String key, ShellContext ctx) {
        Registry reg = ctx.host().registry();
        Optional<String> name = Switches.after(args, "/v");
        boolean defaultValue = args.stream().anyMatch(a -> a.equalsIgnoreCase("/ve"));
        RegistryValueKind kind = Switches.after(args, "/t").map(t -> RegistryValueKind.parse(t).orElse(null))
                .orElse(RegistryValueKind.STRING);
        if (kind == null) {
            return invalid(ctx);
        }
        String data = Switches.after(args, "/d").orElse(kind == RegistryValueKind.DWORD || kind == RegistryValueKind.QWORD ? "0" : "");
        boolean force = args.stream().anyMatch(a -> a.equalsIgnoreCase("/f"));
        reg.createKey(key, true);
        if (name.isPresent() || defaultValue) {
            String n = name.orElse("");
            if (reg.value(key, n).isPresent() && !force) {
                ctx.output().stderr("ERROR: Value " + n + " exists; overwriting needs /f in a non-interactive session.\r\n");
                return 1;
            }
            Object value;
            try {
                value = switch (kind) {
                    case DWORD, QWORD -> data.toLowerCase(Locale.ROOT).startsWith("0x")
                            ? Long.parseLong(data.substring(2), 16) : Long.parseLong(data);
                    case MULTI_STRING -> Arrays.asList(data.split("\\\\0"));
                    case BINARY -> HexFormat.of().parseHex(data);
                    default -> data;
                };
            } catch (IllegalArgumentException e) {
                ctx.output().stderr("ERROR: Invalid syntax.\r\nType \"REG ADD /?\" for usage.\r\n");
                return 1;
            }
            reg.setValue(key, new RegistryValue(n, kind, value));
        }
        ctx.output().stdout("The operation completed successfully.\r\n");
        return 0;
    }

    private int delete(List<String> args, String key, ShellContext ctx) {
        Registry reg = ctx.host().registry();
        if (!args.stream().anyMatch(a -> a.equalsIgnoreCase("/f"))) {
            ctx.output().stderr("ERROR: Deleting needs /f in a non-interactive session.\r\n");
            return 1;
        }
        Optional<String> name = Switches.after(args, "/v");
        boolean ok;
        if (name.isPresent()) {
            ok = reg.removeValue(key, name.get());
        } else if (args.stream().anyMatch(a -> a.equalsIgnoreCase("/va"))) {
            ok = reg.key(key).map(k -> {
                k.values().forEach(v -> reg.removeValue(key, v.name()));
                return true;
            }).orElse(false);
        } else {
            ok = reg.removeKey(key, true);
        }
        if (!ok) {
            ctx.output().stderr(NOT_FOUND);
            return 1;
        }
        ctx.output().stdout("The operation completed successfully.\r\n");
        return 0;
    }

    private static int invalid(ShellContext ctx) {
        ctx.output().stderr("ERROR: Invalid syntax.\r\nType \"REG /?\" for usage.\r\n");
        return 1;
    }
}
