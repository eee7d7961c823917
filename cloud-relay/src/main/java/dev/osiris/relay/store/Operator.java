package dev.osiris.relay.store;

import dev.osiris.relay.auth.Principal;
import dev.osiris.relay.auth.Role;

/**
 * Who is calling the operator API: the operator key's name (recorded on what it changes), its tenant, and the
 * key's id ({@code opk-...}, never the key) and its role.
 */
public record Operator(String name, Tenant tenant, String keyId, Role role) {

    /** The key as the router's authorization sees it. */
    public Principal principal() {
        return Principal.key(keyId, name, tenant.partnerId(), role);
    }
}
