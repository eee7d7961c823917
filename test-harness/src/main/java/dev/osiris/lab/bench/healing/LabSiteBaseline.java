package dev.osiris.lab.bench.healing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.lab.windows.model.WindowsHost;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.runbook.Baseline;

/**
 * The site parameters under which every emulator preset is compliant (the site's DNS servers and allowed
 * administrators), so that a full scan measures scanning and only the injected drift is healed.
 */
final class LabSiteBaseline {

    private LabSiteBaseline() {
    }

    static Baseline baseline() {
        ObjectNode values = Json.object();
        WindowsHost.SITE_DNS_SERVERS.forEach(values.putArray("dnsServers")::add);
        values.putArray("allowedAdmins").add("Administrator").add(WindowsHost.DOMAIN + "\\Domain Admins");
        return new Baseline(values);
    }
}
