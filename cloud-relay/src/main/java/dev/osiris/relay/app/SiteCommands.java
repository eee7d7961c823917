package dev.osiris.relay.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.store.Site;
import dev.osiris.relay.store.SitePatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;

/** {@code site create|list|set|runbooks}. */
@Command(name = "site", description = "Manage client sites.")
final class SiteCommands {

    @ParentCommand
    RelayMain root;

    @Command(name = "create", description = "Create a site; prints its id.")
    int create(@Option(names = "--name", paramLabel = "NAME", required = true) String name) throws Exception {
        String id = root.admin(admin -> admin.createSite(name));
        System.out.println(id);
        return 0;
    }

    @Command(name = "list", description = "List sites: id, name, settings (tab-separated).")
    int list() throws Exception {
        root.admin(RelayAdmin::listSites).forEach(s -> System.out.println(line(s)));
        return 0;
    }

    @Command(name = "set", description = "Change a site's settings; prints the site.")
    int set(@Parameters(paramLabel = "ID") String id,
            @Option(names = "--interval", paramLabel = "SECONDS", description = "Check-in interval, seconds (5..86400)") Integer interval,
            @Option(names = "--healing-mode", paramLabel = "MODE", description = "standard or full-coverage") String mode,
            @Option(names = "--dry-run", paramLabel = "BOOL", arity = "1", description = "true or false") Boolean dryRun,
            @Option(names = "--runbooks", paramLabel = "ID", split = ",", description = "Enabled runbook ids, comma-separated")
            List<String> runbooks,
            @Option(names = "--alert-email", paramLabel = "ADDRESS", description = "Who is mailed about incidents (\"\" = relay default)")
            String alertEmail,
            @Option(names = "--alert-policy", paramLabel = "POLICY", description = "critical (default) or all") String alertPolicy)
            throws Exception {
        SitePatch patch = SitePatch.none();
        if (interval != null) {
            patch = patch.withInterval(interval);
        }
        if (mode != null) {
            patch = patch.withHealingMode(HealingMode.fromWire(mode, "--healing-mode"));
        }
        if (dryRun != null) {
            patch = patch.withDryRun(dryRun);
        }
        if (runbooks != null) {
            patch = patch.withEnabledRunbooks(runbooks);
        }
        if (alertEmail != null || alertPolicy != null) {
            patch = patch.withAlerts(alertEmail, alertPolicy);
        }
        SitePatch change = patch;
        System.out.println(line(root.admin(admin -> admin.updateSite(id, change))));
        return 0;
    }

    @Command(name = "runbooks", description = "Show (and with --enable, set) a site's runbooks against the catalog.")
    int runbooks(@Parameters(paramLabel = "ID") String id,
                 @Option(names = "--enable", paramLabel = "ID", split = ",",
                         description = "Runbook ids to enable, comma-separated, or all; the others are disabled")
                 List<String> enable) throws Exception {
        ObjectNode view;
        if (enable == null) {
            view = root.admin(admin -> admin.runbooks(id));
        } else {
            ObjectNode body = Json.object();
            if (enable.equals(List.of("all"))) {
                body.put("enabled", "all");
            } else {
                enable.forEach(body.putArray("enabled")::add);
            }
            view = root.admin(admin -> admin.putRunbooks(id, body));
        }
        System.out.println("healing-mode=" + view.get("healingMode").asText() + " dry-run=" + view.get("dryRun")
                + " scan-interval=" + view.get("scanIntervalSeconds") + " baseline=" + view.get("baseline"));
        for (JsonNode r : view.get("runbooks")) {
            System.out.println((r.get("enabled").asBoolean() ? "on " : "off") + "\t" + r.get("id").asText() + "\tv"
                    + r.get("version") + "\t" + r.get("severity").asText() + "\t" + r.get("heal").asText() + "\t"
                    + r.get("title").asText());
        }
        return 0;
    }

    static String line(Site s) {
        return s.id() + "\t" + s.name() + "\tinterval=" + s.checkinIntervalSeconds() + " healing-mode="
                + s.healingMode().wire() + " dry-run=" + s.dryRun() + " scan-interval=" + s.scanIntervalSeconds()
                + " alert=" + s.alertPolicy() + (s.alertEmail() == null ? "" : ":" + s.alertEmail())
                + " runbooks=" + String.join(",", s.enabledRunbooks());
    }
}
