package dev.osiris.relay.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code appliance provision|rotate-key|list}. */
@Command(name = "appliance", description = "Manage appliances.")
final class ApplianceCommands {

    @ParentCommand
    RelayMain root;

    @Command(name = "provision", description = "Provision an appliance; prints its id and API key (shown once).")
    int provision(@Option(names = "--site", paramLabel = "SITE", required = true) String siteId) throws Exception {
        RelayAdmin.Provisioned p = root.admin(admin -> admin.provisionAppliance(siteId));
        System.out.println("appliance " + p.applianceId());
        System.out.println("api-key " + p.apiKey());
        System.err.println("note: the API key is shown only once; the relay keeps only its hash.");
        return 0;
    }

    @Command(name = "rotate-key", description = "Clear the pinned appliance key; the next check-in pins a new one.")
    int rotateKey(@Parameters(paramLabel = "ID") String applianceId) throws Exception {
        root.admin(admin -> admin.rotateKey(applianceId));
        System.out.println("appliance " + applianceId + ": key pin cleared; the next check-in pins its key");
        return 0;
    }

    @Command(name = "list", description = "List a site's appliances (tab-separated).")
    int list(@Option(names = "--site", paramLabel = "SITE", required = true) String siteId) throws Exception {
        root.admin(admin -> admin.appliances(siteId)).forEach(a -> System.out.println(a.id() + "\tlast-checkin="
                + (a.lastCheckinAt() == null ? "never" : a.lastCheckinAt()) + "\tversion=" + a.agentVersion()
                + "\tstatus=" + a.status() + "\tevidence=" + a.evidenceHead().seq()
                + "\ttransports=" + transports(a)));
        return 0;
    }

    /** {@code dc01:https-pinned,pc07:cleartext(accepted-risk)}, or {@code none} before any report. */
    private static String transports(dev.osiris.relay.store.ApplianceStatus a) {
        if (a.transports().isEmpty()) {
            return "none";
        }
        return String.join(",", a.transports().stream().map(t -> t.host() + ":" + t.security().wire()
                + (t.use() == dev.osiris.protocol.checkin.TargetTransport.Use.OK ? "" : "(" + t.use().wire() + ")"))
                .toList());
    }
}
