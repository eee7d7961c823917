package dev.osiris.lab.windows.shell.natives;

import dev.osiris.lab.windows.shell.NativeCommand;
import dev.osiris.lab.windows.shell.WindowsShell;
import java.util.Map;

/** The native programs the emulator implements. */
public final class StandardNatives {

    private StandardNatives() {
    }

    public static void register(Map<String, NativeCommand> natives, WindowsShell shell) {
        natives.put("hostname", (args, ctx) -> {
            ctx.output().stdout(ctx.host().name() + "\r\n");
            return 0;
        });
        natives.put("whoami", (args, ctx) -> {
            ctx.output().stdout(ctx.whoami() + "\r\n");
            return 0;
        });
        natives.put("cmd", (args, ctx) -> shell.run("cmd " + String.join(" ", args.stream()
                .map(a -> a.contains(" ") ? "\"" + a + "\"" : a).toList()), ctx));
        natives.put("powershell", (args, ctx) -> shell.run("powershell " + String.join(" ", args.stream()
                .map(a -> a.contains(" ") ? "\"" + a + "\"" : a).toList()), ctx));
        natives.put("auditpol", new AuditPol());
        natives.put("net", new Net());
        natives.put("w32tm", new W32tm());
        natives.put("reg", new Reg());
        natives.put("netsh", new Netsh());
        natives.put("wevtutil", new Wevtutil());
        natives.put("sc", new Sc());
        natives.put("secedit", new Secedit());
    }
}
