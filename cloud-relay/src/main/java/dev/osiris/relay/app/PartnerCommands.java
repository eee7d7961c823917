package dev.osiris.relay.app;

import dev.osiris.relay.store.Partner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code partner create|list}. */
@Command(name = "partner", description = "Manage partners (MSPs).")
final class PartnerCommands {

    @ParentCommand
    RelayMain root;

    @Command(name = "create", description = "Create a partner; prints its id.")
    int create(@Option(names = "--name", required = true, paramLabel = "NAME") String name) throws Exception {
        String id = root.admin(admin -> admin.createPartner(name));
        System.out.println(id);
        return 0;
    }

    @Command(name = "list", description = "List partners (tab-separated).")
    int list() throws Exception {
        for (Partner p : root.admin(RelayAdmin::partners)) {
            System.out.println(p.id() + "\t" + p.name() + "\tcreated=" + p.createdAt());
        }
        return 0;
    }
}
