package dev.osiris.relay.app;

import dev.osiris.relay.incidents.ResolveRequest;
import dev.osiris.relay.store.StoredIncident;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code incident list|resolve}. */
@Command(name = "incident", description = "Incidents escalated by a site's appliances.")
final class IncidentCommands {

    @ParentCommand
    RelayMain root;

    @Command(name = "list", description = "List a site's incidents, newest first (tab-separated).")
    int list(@Parameters(paramLabel = "SITE") String siteId,
             @Option(names = "--status", paramLabel = "STATUS", description = "open or resolved") String status)
            throws Exception {
        root.admin(admin -> admin.incidents(siteId, status)).forEach(i -> System.out.println(line(i)));
        return 0;
    }

    @Command(name = "resolve", description = "Resolve an incident; the appliance takes it at its next check-in.")
    int resolve(@Parameters(paramLabel = "SITE") String siteId,
                @Parameters(paramLabel = "INCIDENT") String incidentId,
                @Option(names = "--runbook", paramLabel = "ID", description = "Catalog runbook applied (else: manual)")
                String runbookId,
                @Option(names = "--note", paramLabel = "TEXT", defaultValue = "") String note,
                @Option(names = "--by", paramLabel = "NAME", defaultValue = "relay-cli") String by) throws Exception {
        ResolveRequest request = new ResolveRequest(runbookId == null ? "manual" : "runbook", runbookId, note);
        System.out.println(line(root.admin(admin -> admin.resolve(siteId, incidentId, request, by))));
        return 0;
    }

    static String line(StoredIncident i) {
        return i.incident().id() + "\t" + (i.resolved() ? "resolved" : "open") + "\t" + i.incident().severity() + "\t"
                + i.incident().host() + "\t" + i.incident().runbookId() + "\t" + i.incident().reason() + "\t"
                + i.incident().summary();
    }
}
