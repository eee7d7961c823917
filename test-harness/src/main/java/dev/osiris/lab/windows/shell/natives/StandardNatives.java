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
            if (!args.isEmpty()) {
                // /user, /groups, /priv, /all print tables of SIDs and privileges the model does not hold
                return Natives.refuse(ctx, "whoami", "whoami " + String.join(" ", args) + " (only whoami without switches)");
            }
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
        natives.put("schtasks", new Schtasks());
        natives.put("manage-bde", new ManageBde());
        natives.put("mpcmdrun", new MpCmdRun());
        natives.put("wusa", new Wusa());
        natives.put("wbadmin", new Wbadmin());
        natives.put("gpupdate", new GroupPolicyRefresh());
        natives.put("ipconfig", (args, ctx) -> {
            if (args.size() == 1 && args.getFirst().equalsIgnoreCase("/flushdns")) {
                ctx.output().stdout("\r\nWindows IP Configuration\r\n\r\nSuccessfully flushed the DNS Resolver Cache.\r\n");
                return 0;
            }
            // addresses, gateways, MACs and DHCP leases are not in the model: Get-DnsClientServerAddress has the DNS part
            return Natives.refuse(ctx, "ipconfig", "ipconfig " + String.join(" ", args).strip() + " (only /flushdns)");
        });
    }
}
