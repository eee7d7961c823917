package dev.osiris.relay.app;

import dev.osiris.relay.store.ApiKeyInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code key list|revoke}: operator and appliance API keys, by id and name, never the key. */
@Command(name = "key", description = "List and revoke API keys.")
final class KeyCommands {

    @ParentCommand
    RelayMain root;

    @Command(name = "list", description = "List operator and appliance keys (tab-separated; never the key).")
    int list() throws Exception {
        for (ApiKeyInfo k : root.admin(RelayAdmin::keys)) {
            System.out.println(k.id() + "\t" + k.kind() + "\tname=" + k.name() + "\tpartner=" + k.partnerId()
                    + "\tcreated=" + k.createdAt()
                    + "\tlast-used=" + (k.lastUsedAt() == null ? "never" : k.lastUsedAt())
                    + "\t" + (k.revokedAt() == null ? "valid" : "revoked=" + k.revokedAt() + " by " + k.revokedBy())
                    + (k.role() == null ? "" : "\trole=" + k.role()));
        }
        return 0;
    }

    @Command(name = "revoke", description = "Revoke an operator key (opk-...) or an appliance's key (its id); every"
            + " relay refuses it from the next request on.")
    int revoke(@Parameters(paramLabel = "KEY-ID") String keyId) throws Exception {
        root.admin(admin -> admin.revokeKey(keyId, RelayMain.cliActor()));
        System.out.println("key " + keyId + " revoked");
        return 0;
    }
}
