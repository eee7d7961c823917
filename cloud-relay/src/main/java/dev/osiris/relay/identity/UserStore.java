package dev.osiris.relay.identity;

import dev.osiris.relay.auth.Role;
import dev.osiris.relay.store.Tenant;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/** The people who may sign in. Another partner's user is absent (404), never forbidden. */
public interface UserStore {

    /**
     * Adds a user of {@code partnerId} with {@code role}, or a platform admin when both are null.
     *
     * @return fails with 409 if the issuer and subject are someone already, 404 for an unknown partner
     */
    Future<User> add(String partnerId, Role role, String issuer, String subject, String email);

    /** The user with this identity, removed or not. */
    Future<Optional<User>> byIdentity(String issuer, String subject);

    /** @return fails with 404 for a user the tenant cannot see */
    Future<User> get(Tenant tenant, String userId);

    /** The tenant's users (every user for {@link Tenant#ANY}), removed ones too, oldest first. */
    Future<List<User>> list(Tenant tenant);

    /**
     * Gives a partner user another role and ends their sessions, so that the change holds from the next request.
     *
     * @return fails with 404 for a user the tenant cannot see, 409 for a removed user or a platform admin
     */
    Future<User> changeRole(Tenant tenant, String userId, Role role);

    /**
     * Removes a user and ends their sessions.
     *
     * @return fails with 404 for a user the tenant cannot see, 409 for one removed already
     */
    Future<User> remove(Tenant tenant, String userId);
}
