package dev.osiris.lab.windows.shell.cmdlets;

import static dev.osiris.lab.windows.shell.ps.ParamSpec.flag;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.named;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.positional;

import dev.osiris.lab.windows.model.DnsClient;
import dev.osiris.lab.windows.model.PsEnumValue;
import dev.osiris.lab.windows.model.SmbServer;
import dev.osiris.lab.windows.shell.ps.CmdletCall;
import dev.osiris.lab.windows.shell.ps.CmdletRegistry;
import dev.osiris.lab.windows.shell.ps.PsConvert;
import dev.osiris.lab.windows.shell.ps.PsObject;
import java.util.ArrayList;
import java.util.List;

/** SMB server configuration and DNS client server addresses. */
final class NetworkCmdlets {

    private NetworkCmdlets() {
    }

    static void register(CmdletRegistry r) {
        r.add("Get-SmbServerConfiguration", NetworkCmdlets::getSmb);
        r.add("Set-SmbServerConfiguration", NetworkCmdlets::setSmb, named("EnableSMB1Protocol"),
                named("EnableSMB2Protocol"), named("RequireSecuritySignature"), named("EnableSecuritySignature"),
                named("EncryptData"), named("AuditSmb1Access"), flag("Force"));
        r.add("Get-WindowsOptionalFeature", NetworkCmdlets::getFeature, flag("Online"), named("FeatureName"));
        r.add("Disable-WindowsOptionalFeature", c -> setFeature(c, false), flag("Online"), named("FeatureName"),
                flag("NoRestart"), flag("Remove"));
        r.add("Enable-WindowsOptionalFeature", c -> setFeature(c, true), flag("Online"), named("FeatureName"),
                flag("NoRestart"), flag("All"));
        r.add("Get-NetAdapter", c -> c.host().dnsClient().all().stream()
                .filter(i -> !c.has("Name") || Values.matchesAny(i.alias(), c.strings("Name")))
                .forEach(i -> c.emit(PsObject.of("Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_NetAdapter")
                        .with("Name", i.alias()).with("InterfaceAlias", i.alias()).with("InterfaceIndex", i.index())
                        .with("ifIndex", i.index()).with("Status", "Up").with("MacAddress", "00-15-5D-01-02-0" + (i.index() % 10))
                        .with("LinkSpeed", "1 Gbps"))), positional("Name", 0), flag("Physical"));
        r.add("Clear-DnsClientCache", c -> { });
        r.add("Get-DnsClientServerAddress", NetworkCmdlets::getDns, positional("InterfaceAlias", 0),
                named("InterfaceIndex"), named("AddressFamily"));
        r.add("Set-DnsClientServerAddress", NetworkCmdlets::setDns, positional("InterfaceAlias", 0),
                named("InterfaceIndex"), named("ServerAddresses"), flag("ResetServerAddresses"), flag("Validate"),
                flag("PassThru"));
    }

    private static void getSmb(CmdletCall c) {
        SmbServer smb = c.host().smb();
        c.emit(PsObject.of("Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/SMB/MSFT_SmbServerConfiguration")
                .with("AuditSmb1Access", false).with("EnableSMB1Protocol", smb.smb1Enabled())
                .with("EnableSMB2Protocol", true).with("EnableSecuritySignature", smb.enableSecuritySignature())
                .with("RequireSecuritySignature", smb.requireSecuritySignature()).with("EncryptData", smb.encryptData())
                .with("RejectUnencryptedAccess", true).with("ServerHidden", true).with("AnnounceServer", false));
    }

    private static void setSmb(CmdletCall c) {
        c.requireConfirmation();
        SmbServer smb = c.host().smb();
        if (c.has("EnableSMB1Protocol")) {
            smb.setSmb1Enabled(c.bool("EnableSMB1Protocol"));
        }
        if (c.has("RequireSecuritySignature")) {
            smb.setRequireSecuritySignature(c.bool("RequireSecuritySignature"));
        }
        if (c.has("EnableSecuritySignature")) {
            smb.setEnableSecuritySignature(c.bool("EnableSecuritySignature"));
        }
        if (c.has("EncryptData")) {
            smb.setEncryptData(c.bool("EncryptData"));
        }
        if (c.has("EnableSMB2Protocol") && !c.bool("EnableSMB2Protocol")) {
            throw c.error("The Windows host emulator does not model disabling SMB2.", "NotImplemented",
                    "EmulatorUnsupported");
        }
    }

    /** Optional features: only SMB1Protocol is modelled (it follows the SMB server's SMB1 switch). */
    private static void getFeature(CmdletCall c) {
        requireSmb1(c);
        boolean on = c.host().smb().smb1Enabled();
        c.emit(PsObject.of("Microsoft.Dism.Commands.AdvancedFeatureObject").with("FeatureName", "SMB1Protocol")
                .with("DisplayName", "SMB 1.0/CIFS File Sharing Support")
                .with("State", new PsEnumValue("Microsoft.Dism.Commands.FeatureState", on ? "Enabled" : "Disabled",
                        on ? 2 : 0)).with("RestartRequired", "Possible"));
    }

    private static void setFeature(CmdletCall c, boolean on) {
        requireSmb1(c);
        c.host().smb().setSmb1Enabled(on);
        c.emit(PsObject.of("Microsoft.Dism.Commands.ImageObject").with("Online", true).with("RestartNeeded", false));
    }

    private static void requireSmb1(CmdletCall c) {
        if (!c.flag("Online") || !"SMB1Protocol".equalsIgnoreCase(c.string("FeatureName"))) {
            throw c.error("The Windows host emulator models the optional feature SMB1Protocol with -Online only.",
                    "NotImplemented", "EmulatorUnsupported");
        }
    }

    private static List<DnsClient.Interface> interfaces(CmdletCall c) {
        DnsClient dns = c.host().dnsClient();
        List<DnsClient.Interface> out = new ArrayList<>();
        if (c.has("InterfaceIndex")) {
            for (Object i : PsConvert.toList(c.get("InterfaceIndex"))) {
                int idx = PsConvert.toInt(i);
                out.add(dns.byIndex(idx).orElseThrow(() -> c.notFound("No MSFT_DNSClientServerAddress objects found "
                        + "with property 'InterfaceIndex' equal to '" + idx + "'.  Verify the value of the property and "
                        + "retry.", String.valueOf(idx))));
            }
        } else if (c.has("InterfaceAlias")) {
            for (String a : c.strings("InterfaceAlias")) {
                List<DnsClient.Interface> hits = dns.all().stream().filter(i -> Values.matchesAny(i.alias(), List.of(a))).toList();
                if (hits.isEmpty()) {
                    throw c.notFound("No MSFT_DNSClientServerAddress objects found with property 'InterfaceAlias' "
                            + "equal to '" + a + "'.  Verify the value of the property and retry.", a);
                }
                out.addAll(hits);
            }
        } else {
            out.addAll(dns.all());
        }
        return out;
    }

    private static void getDns(CmdletCall c) {
        String family = c.has("AddressFamily") ? c.string("AddressFamily") : null;
        for (DnsClient.Interface i : interfaces(c)) {
            if (family == null || family.equalsIgnoreCase("IPv4") || family.equals("2")) {
                c.emit(dnsObject(i, "IPv4", 2, i.serverAddresses()));
            }
            if (family == null || family.equalsIgnoreCase("IPv6") || family.equals("23")) {
                c.emit(dnsObject(i, "IPv6", 23, i.ipv6ServerAddresses()));
            }
        }
    }

    private static PsObject dnsObject(DnsClient.Interface i, String family, int value, List<String> servers) {
        return PsObject.of("Microsoft.Management.Infrastructure.CimInstance#ROOT/StandardCimv2/MSFT_DNSClientServerAddress")
                .with("InterfaceAlias", i.alias()).with("InterfaceIndex", i.index())
                .with("AddressFamily", new PsEnumValue("AddressFamily", family, value))
                .with("ServerAddresses", new ArrayList<Object>(servers));
    }

    private static void setDns(CmdletCall c) {
        if (!c.has("InterfaceAlias") && !c.has("InterfaceIndex")) {
            throw c.error("Parameter set cannot be resolved using the specified named parameters.", "InvalidArgument",
                    "AmbiguousParameterSet");
        }
        List<String> servers = c.flag("ResetServerAddresses") ? List.of() : c.strings("ServerAddresses");
        if (!c.flag("ResetServerAddresses") && !c.has("ServerAddresses")) {
            throw c.error("Parameter set cannot be resolved using the specified named parameters.", "InvalidArgument",
                    "AmbiguousParameterSet");
        }
        for (String s : servers) {
            if (!s.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !s.contains(":")) {
                throw c.error("The parameter is incorrect: '" + s + "' is not an IP address.", "InvalidArgument",
                        "Windows System Error 87");
            }
        }
        for (DnsClient.Interface i : interfaces(c)) {
            c.host().dnsClient().setServers(i.alias(), servers);
        }
    }
}
