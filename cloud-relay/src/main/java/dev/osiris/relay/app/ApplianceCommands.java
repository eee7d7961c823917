package dev.osiris.relay.app;

import dev.osiris.protocol.checkin.TargetTransport;
import dev.osiris.relay.fleet.Fleet;
import dev.osiris.relay.store.ApplianceStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code appliance provision|replace|list}; {@code rotate-key} only points to {@code replace}. */
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

    @Command(name = "replace", description = "Replace an appliance (new hardware or data directory): revokes its"
            + " API key, ends its evidence chain (kept and verifiable) and provisions its successor; prints the"
            + " successor's id and API key (shown once).")
    int replace(@Parameters(paramLabel = "ID") String applianceId,
                @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "") String reason) throws Exception {
        Fleet.Replacement r = root.admin(admin -> admin.replaceAppliance(applianceId, RelayMain.cliActor(), reason));
        System.out.println("appliance " + r.applianceId());
        System.out.println("api-key " + r.apiKey());
        System.out.println("replaces " + r.replacedId() + " (its chain ended at seq " + r.finalHead().seq() + ")");
        System.err.println("note: the API key is shown only once; the old key no longer works.");
        return 0;
    }

    @Command(name = "rotate-key", hidden = true, description = "Gone: use 'appliance replace ID'.")
    int rotateKey(@Parameters(paramLabel = "ID") String applianceId) {
        throw new IllegalArgumentException("rotate-key kept the old API key and evidence head; use 'appliance replace "
                + applianceId + "', which issues a new key and starts a new evidence chain");
    }

    @Command(name = "list", description = "List a site's appliances (tab-separated).")
    int list(@Option(names = "--site", paramLabel = "SITE", required = true) String siteId) throws Exception {
        root.admin(admin -> admin.appliances(siteId)).forEach(a -> System.out.println(a.id() + "\tlast-checkin="
                + (a.lastCheckinAt() == null ? "never" : a.lastCheckinAt()) + "\tversion=" + a.agentVersion()
                + "\tslot=" + a.bootSlot() + "\tstatus=" + a.status() + "\tevidence=" + a.evidenceHead().seq()
                + "\ttransports=" + transports(a) + "\tclock=" + clock(a)
                + (a.endedAt() == null ? "" : "\tended=" + a.endedAt() + " replaced-by=" + a.replacedBy())));
        return 0;
    }

    /** {@code trusted(+1520us,3/3)} or {@code untrusted(1/3)} from the latest clock report; {@code none} without. */
    private static String clock(ApplianceStatus a) {
        if (a.clock() == null) {
            return "none";
        }
        return a.clock().state() + "(" + (a.clock().offsetMicros() == null ? ""
                : String.format(java.util.Locale.ROOT, "%+dus,", a.clock().offsetMicros()))
                + a.clock().agreeing() + "/" + a.clock().servers() + ")";
    }

    /** {@code dc01:https-pinned,pc07:cleartext(accepted-risk)}, or {@code none} before any report. */
    private static String transports(ApplianceStatus a) {
        if (a.transports().isEmpty()) {
            return "none";
        }
        return String.join(",", a.transports().stream().map(t -> t.host() + ":" + t.security().wire()
                + (t.use() == TargetTransport.Use.OK ? "" : "(" + t.use().wire() + ")"))
                .toList());
    }
}
