package dev.osiris.lab.windows.shell.cmdlets;

import dev.osiris.lab.windows.shell.ps.CmdletRegistry;

/** All cmdlets the emulator implements. */
public final class StandardCmdlets {

    private StandardCmdlets() {
    }

    public static CmdletRegistry create() {
        CmdletRegistry r = new CmdletRegistry();
        CoreCmdlets.register(r);
        PipelineCmdlets.register(r);
        FirewallCmdlets.register(r);
        FirewallRuleCmdlets.register(r);
        ServiceCmdlets.register(r);
        DefenderCmdlets.register(r);
        NetworkCmdlets.register(r);
        ItemCmdlets.register(r);
        TaskCmdlets.register(r);
        AccountCmdlets.register(r);
        SystemCmdlets.register(r);
        CertCmdlets.register(r);
        EventLogCmdlets.register(r);
        ObjectCmdlets.register(r);
        CsvCmdlets.register(r);
        return r;
    }
}
