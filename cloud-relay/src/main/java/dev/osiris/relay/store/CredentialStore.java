package dev.osiris.relay.store;

import io.vertx.core.Future;

import java.util.List;

/** Host credentials of a site, secrets encrypted at rest. Futures fail with 404 for a site or credential the tenant cannot see. */
public interface CredentialStore {

    /** @return the new credential's id */
    Future<String> add(Tenant tenant, String siteId, CredentialSpec spec);

    /** Never includes secrets. */
    Future<List<CredentialView>> list(Tenant tenant, String siteId);

    Future<Void> delete(Tenant tenant, String siteId, String credentialId);
}
