package dev.osiris.relay.app;

import dev.osiris.relay.auth.Role;
import dev.osiris.relay.identity.User;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code user add|add-platform-admin|list|role|remove}: the people who may sign in, known by their identity
 * provider's issuer and subject (never by e-mail alone).
 */
@Command(name = "user", description = "Manage partner users and platform admins.")
final class UserCommands {

    @ParentCommand
    RelayMain root;

    @Command(name = "add", description = "Add a partner user with a role (admin, operator, readonly).")
    int add(@Option(names = "--partner", required = true, paramLabel = "PARTNER") String partner,
            @Option(names = "--role", required = true, paramLabel = "ROLE") String role,
            @Option(names = "--issuer", required = true, paramLabel = "ISSUER") String issuer,
            @Option(names = "--subject", required = true, paramLabel = "SUBJECT") String subject,
            @Option(names = "--email", paramLabel = "EMAIL") String email) throws Exception {
        User u = root.admin(admin -> admin.addUser(partner, Role.parse(role), issuer, subject, email));
        System.out.println(u.id());
        return 0;
    }

    @Command(name = "add-platform-admin", description = "Add one of the relay operator's own staff.")
    int addPlatformAdmin(@Option(names = "--issuer", required = true, paramLabel = "ISSUER") String issuer,
                         @Option(names = "--subject", required = true, paramLabel = "SUBJECT") String subject,
                         @Option(names = "--email", paramLabel = "EMAIL") String email) throws Exception {
        User u = root.admin(admin -> admin.addUser(null, null, issuer, subject, email));
        System.out.println(u.id());
        return 0;
    }

    @Command(name = "list", description = "List users (tab-separated).")
    int list() throws Exception {
        for (User u : root.admin(RelayAdmin::users)) {
            System.out.println(u.id() + "\t" + u.roleName() + "\tpartner=" + (u.partnerId() == null ? "-" : u.partnerId())
                    + "\temail=" + u.email() + "\tissuer=" + u.issuer() + "\tsubject=" + u.subject()
                    + "\t" + (u.removedAt() == null ? "active" : "removed=" + u.removedAt()));
        }
        return 0;
    }

    @Command(name = "role", description = "Give a partner user another role; their sessions end.")
    int role(@Parameters(paramLabel = "USER-ID") String userId, @Parameters(paramLabel = "ROLE") String role)
            throws Exception {
        User u = root.admin(admin -> admin.changeRole(userId, Role.parse(role)));
        System.out.println("user " + u.id() + " is now " + u.roleName());
        return 0;
    }

    @Command(name = "remove", description = "Remove a user; their sessions end.")
    int remove(@Parameters(paramLabel = "USER-ID") String userId) throws Exception {
        root.admin(admin -> admin.removeUser(userId));
        System.out.println("user " + userId + " removed");
        return 0;
    }
}
