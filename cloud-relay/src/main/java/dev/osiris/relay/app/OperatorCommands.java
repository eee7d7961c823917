package dev.osiris.relay.app;

import dev.osiris.relay.auth.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code operator create-key}. */
@Command(name = "operator", description = "Manage operator keys.")
final class OperatorCommands {

    @ParentCommand
    RelayMain root;

    @Command(name = "create-key", description = "Create an operator key; prints it (shown once).")
    int createKey(@Option(names = "--name", paramLabel = "NAME", required = true) String name,
                  @Option(names = "--partner", paramLabel = "PARTNER", defaultValue = "default") String partner,
                  @Option(names = "--role", paramLabel = "ROLE", defaultValue = "admin",
                          description = "admin, operator or readonly (default: admin)") String role) throws Exception {
        Role parsed = Role.parse(role);
        String id = root.admin(admin -> admin.createOperatorKey(name, partner, parsed));
        System.out.println(id);
        System.err.println("note: the operator key is shown only once; the relay keeps only its hash.");
        return 0;
    }
}
