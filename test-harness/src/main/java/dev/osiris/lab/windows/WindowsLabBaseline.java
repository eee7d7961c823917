package dev.osiris.lab.windows;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.lab.windows.model.WindowsHost;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.runbook.Baseline;
import java.util.List;

/**
 * The runbook parameters the lab site sets for its Windows hosts (WINDOWS-EMULATOR.md, "Lab baseline"): with it,
 * every preset is compliant with every Windows runbook. Parameters not set here keep the runbook's default.
 */
public final class WindowsLabBaseline {

    /** Local members without the computer prefix, domain members as DOMAIN\name; Domain Admins by sAMAccountName. */
    public static final List<String> ALLOWED_ADMINS = List.of("Administrator", WindowsHost.DOMAIN + "\\Domain Admins");

    private WindowsLabBaseline() {
    }

    public static Baseline baseline() {
        ObjectNode values = Json.object();
        array(values, "dnsServers", WindowsHost.SITE_DNS_SERVERS);
        array(values, "allowedAdmins", ALLOWED_ADMINS);
        return new Baseline(values);
    }

    private static void array(ObjectNode values, String name, List<String> items) {
        ArrayNode a = values.putArray(name);
        items.forEach(a::add);
    }
}
