package dev.osiris.relay.identity;

import dev.osiris.relay.auth.Role;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/** Signups, the domain allow-list and the approval switch, as the platform admins keep them. */
public interface SignupStore {

    /** What became of a person's first sign-in: their signup, and the user if they were approved at once. */
    record Arrival(Signup signup, Optional<User> user) {
    }

    /**
     * The signup of this identity, made now if there is none: approved at once (with a new user) when
     * {@link Approval} says so, else pending, with a mail to every platform admin queued in the alert outbox, in
     * one transaction.
     */
    Future<Arrival> arrive(VerifiedIdentity identity);

    /** Signups with {@code status} (null: all), newest first, at most 500. */
    Future<List<Signup>> list(String status);

    /**
     * Approves a pending signup into {@code partnerId} as {@code role}: the person becomes a user.
     *
     * @return fails with 404 for an unknown signup or partner, 409 for one decided already
     */
    Future<User> approve(String signupId, String partnerId, Role role, String actor);

    /** @return fails with 404 for an unknown signup, 409 for one decided already */
    Future<Signup> reject(String signupId, String actor);

    Future<List<AllowListEntry>> allowList();

    /** @return fails with 400 for a malformed domain, 404 for an unknown partner, 409 for a listed domain */
    Future<AllowListEntry> allow(String domain, String partnerId, Role role, String actor);

    /** @return fails with 404 for a domain not listed */
    Future<Void> disallow(String domain);

    Future<Boolean> approvalRequired();

    Future<Void> setApprovalRequired(boolean required);
}
