package dev.osiris.relay.app;

import dev.osiris.relay.rollout.GroupPolicy;
import dev.osiris.relay.rollout.GroupSize;
import dev.osiris.relay.rollout.MaintenanceWindow;
import dev.osiris.relay.rollout.RolloutSpec;
import dev.osiris.relay.rollout.RolloutTargets;
import dev.osiris.relay.rollout.RolloutView;
import dev.osiris.relay.store.Tenant;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code rollout create|list|show|history|pause|resume|abort|approve}, and the settings rollouts read:
 * {@code rollout approval} (per partner), {@code rollout window} (per site), {@code rollout tag} (per appliance).
 */
@Command(name = "rollout", description = "Staged rollouts of a release to a partner's appliances.")
final class RolloutCommands {

    @ParentCommand
    RelayMain root;

    static final class Targets {
        @Option(names = "--all", required = true, description = "every appliance of the partner") boolean all;
        @Option(names = "--site", paramLabel = "SITE", required = true, split = ",") List<String> sites;
        @Option(names = "--tag", paramLabel = "TAG", required = true) String tag;
    }

    @Command(name = "create", description = "Create a rollout; prints it with its groups.")
    int create(@Option(names = "--release", paramLabel = "V", required = true) String release,
               @ArgGroup(exclusive = true, multiplicity = "1") Targets targets,
               @Option(names = "--groups", paramLabel = "SIZE", split = ",", required = true,
                       description = "group sizes in order: a count, a percentage or rest, e.g. 1,5%,25%,rest")
               List<String> groups,
               @Option(names = "--success", paramLabel = "PERCENT", split = ",", defaultValue = "100",
                       description = "success threshold per group (one value: every group)") List<Integer> success,
               @Option(names = "--error", paramLabel = "PERCENT", split = ",", defaultValue = "20",
                       description = "error threshold per group (one value: every group)") List<Integer> error,
               @Option(names = "--soak", paramLabel = "SECONDS", split = ",", defaultValue = "0",
                       description = "soak time per group (one value: every group)") List<Long> soak,
               @Option(names = "--report-timeout", paramLabel = "SECONDS", defaultValue = "3600",
                       description = "an ordered appliance without a settled report by then counts as failed")
               long timeout,
               @Option(names = "--partner", paramLabel = "PARTNER", defaultValue = Tenant.DEFAULT_PARTNER) String partner)
            throws Exception {
        List<RolloutSpec.Group> specs = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            specs.add(new RolloutSpec.Group(GroupSize.parse(groups.get(i)), new GroupPolicy(pick(success, i, "--success"),
                    pick(error, i, "--error"), Duration.ofSeconds(pick(soak, i, "--soak")))));
        }
        RolloutTargets t = targets.all ? RolloutTargets.all()
                : targets.sites != null ? RolloutTargets.sites(targets.sites) : RolloutTargets.tagged(targets.tag);
        RolloutSpec spec = new RolloutSpec(release, t, specs, Duration.ofSeconds(timeout));
        print(root.admin(admin -> admin.rollouts().create(Tenant.partner(partner), spec, RelayMain.cliActor())));
        return 0;
    }

    private static <T> T pick(List<T> values, int i, String option) {
        if (values.size() == 1) {
            return values.getFirst();
        }
        if (i >= values.size()) {
            throw new IllegalArgumentException(option + " has " + values.size() + " values; give one, or one per group");
        }
        return values.get(i);
    }

    @Command(name = "list", description = "List rollouts with their groups' progress.")
    int list() throws Exception {
        root.admin(admin -> admin.rollouts().list(Tenant.ANY)).forEach(RolloutCommands::print);
        return 0;
    }

    @Command(name = "show", description = "Show a rollout with its groups' progress.")
    int show(@Parameters(paramLabel = "ID") String id) throws Exception {
        print(root.admin(admin -> admin.rollouts().show(Tenant.ANY, id)));
        return 0;
    }

    @Command(name = "history", description = "A rollout's history: kind, group, appliance, detail, time.")
    int history(@Parameters(paramLabel = "ID") String id) throws Exception {
        root.admin(admin -> admin.rollouts().history(Tenant.ANY, id)).forEach(System.out::println);
        return 0;
    }

    @Command(name = "pause", description = "Pause a running rollout.")
    int pause(@Parameters(paramLabel = "ID") String id) throws Exception {
        print(root.admin(admin -> admin.rollouts().pause(Tenant.ANY, id, RelayMain.cliActor())));
        return 0;
    }

    @Command(name = "resume", description = "Resume a paused rollout, optionally skipping appliances.")
    int resume(@Parameters(paramLabel = "ID") String id,
               @Option(names = "--skip", paramLabel = "APPLIANCE", split = ",") List<String> skip) throws Exception {
        print(root.admin(admin -> admin.rollouts().resume(Tenant.ANY, id, skip == null ? List.of() : skip,
                RelayMain.cliActor())));
        return 0;
    }

    @Command(name = "abort", description = "Abort a rollout (committed appliances keep their release).")
    int abort(@Parameters(paramLabel = "ID") String id) throws Exception {
        print(root.admin(admin -> admin.rollouts().abort(Tenant.ANY, id, RelayMain.cliActor())));
        return 0;
    }

    @Command(name = "approve", description = "Approve a rollout awaiting approval; it starts.")
    int approve(@Parameters(paramLabel = "ID") String id) throws Exception {
        print(root.admin(admin -> admin.rollouts().approve(Tenant.ANY, id, RelayMain.cliActor())));
        return 0;
    }

    @Command(name = "approval", description = "Whether a partner's rollouts wait for approval before they start.")
    int approval(@Option(names = "--partner", paramLabel = "PARTNER", required = true) String partner,
                 @Option(names = "--required", paramLabel = "BOOL", arity = "1", required = true) boolean required)
            throws Exception {
        root.admin(admin -> admin.rollouts().setApproval(partner, required));
        System.out.println("partner " + partner + " approval-required=" + required);
        return 0;
    }

    @Command(name = "window", description = "Set (or clear) a site's maintenance window, in its time zone.")
    int window(@Option(names = "--site", paramLabel = "SITE", required = true) String site,
               @Option(names = "--zone", paramLabel = "ZONE", description = "e.g. Europe/Berlin") String zone,
               @Option(names = "--days", paramLabel = "DAYS", description = "e.g. mon-fri or sat,sun") String days,
               @Option(names = "--hours", paramLabel = "HH:MM-HH:MM", description = "e.g. 22:00-05:00") String hours,
               @Option(names = "--clear") boolean clear) throws Exception {
        Optional<MaintenanceWindow> w;
        if (clear) {
            w = Optional.empty();
        } else {
            if (zone == null || days == null || hours == null) {
                throw new IllegalArgumentException("give --zone, --days and --hours, or --clear");
            }
            w = Optional.of(MaintenanceWindow.parse(zone, days, hours));
        }
        root.admin(admin -> admin.rollouts().setWindow(Tenant.ANY, site, w));
        System.out.println("site " + site + " window " + (clear ? "cleared" : zone + " " + days + " " + hours));
        return 0;
    }

    @Command(name = "tag", description = "Tag an appliance, for rollouts that target a tag.")
    int tag(@Option(names = "--appliance", paramLabel = "ID", required = true) String appliance,
            @Option(names = "--tag", paramLabel = "TAG", required = true) String tag) throws Exception {
        root.admin(admin -> admin.rollouts().tag(Tenant.ANY, appliance, tag));
        System.out.println("appliance " + appliance + " tag " + tag);
        return 0;
    }

    private static void print(RolloutView v) {
        System.out.print(v.describe());
    }
}
