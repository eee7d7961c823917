package dev.osiris.relay.store;

import io.vertx.core.Future;

import java.util.List;

/** Host credentials of a site, secrets encrypted at rest. Futures fail with 404 for a site or credential the tenant cannot see. */
public interface CredentialStore {

    /**
     * @param actor who adds it ({@code operator:<key name>}, {@code relay-cli:<user>}): recorded as having accepted
     *              the cleartext risk when the spec accepts it
     * @return the new credential's id
     */
    Future<String> add(Tenant tenant, String siteId, CredentialSpec spec, String actor);

    /** Never includes secrets. */
    Future<List<CredentialView>> list(Tenant tenant, String siteId);

    Future<Void> delete(Tenant tenant, String siteId, String credentialId);
}
