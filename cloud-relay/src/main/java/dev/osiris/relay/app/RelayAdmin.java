package dev.osiris.relay.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.ComplianceReport;
import dev.osiris.relay.RelayException;
import dev.osiris.relay.audit.AuditEntry;
import dev.osiris.relay.audit.AuditLog;
import dev.osiris.relay.auth.Role;
import dev.osiris.relay.identity.User;
import dev.osiris.relay.identity.UserStore;
import dev.osiris.relay.session.Sessions;
import dev.osiris.relay.fleet.Fleet;
import dev.osiris.relay.incidents.Incidents;
import dev.osiris.relay.incidents.ResolveRequest;
import dev.osiris.relay.release.Releases;
import dev.osiris.relay.rollout.RolloutStore;
import dev.osiris.relay.runbooks.SiteRunbooks;
import dev.osiris.relay.store.ApiKeyInfo;
import dev.osiris.relay.store.ApplianceStatus;
import dev.osiris.relay.store.CheckinStore;
import dev.osiris.relay.store.CredentialSpec;
import dev.osiris.relay.store.CredentialView;
import dev.osiris.relay.store.Partner;
import dev.osiris.relay.store.Site;
import dev.osiris.relay.store.SitePatch;
import dev.osiris.relay.store.StoredIncident;
import dev.osiris.relay.store.Tenant;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.util.List;

/**
 * The relay's own administration, unrestricted by partner: what the CLI and the end-to-end tests use. Sites made
 * here belong to the default partner. Futures fail with {@link dev.osiris.relay.RelayException} (404 for unknown
 * ids, 400 for invalid input) or with the database's exception.
 */
public final class RelayAdmin {

    /** A provisioned appliance and its API key, which is shown once and stored only as a hash. */
    public record Provisioned(String applianceId, String apiKey) {
        @Override
        public String toString() {
            return "Provisioned[" + applianceId + ", apiKey=[REDACTED]]";
        }
    }

    private final Fleet fleet;
    private final SiteRunbooks runbooks;
    private final Incidents incidents;
    private final CheckinStore checkins;
    private final Pool pool;
    private final UserStore users;
    private final Sessions sessions;
    private final AuditLog audit;
    private final java.time.Clock clock;
    private final Releases releases;
    private final RolloutStore rollouts;

    RelayAdmin(Backend backend, Pool pool) {
        this.users = backend.users;
        this.sessions = backend.sessions;
        this.audit = backend.audit;
        this.clock = backend.clock;
        this.releases = backend.releases;
        this.rollouts = backend.rollouts;
        this.fleet = backend.fleet;
        this.runbooks = backend.runbooks;
        this.incidents = backend.incidents;
        this.checkins = backend.checkins;
        this.pool = pool;
    }

    /** @return the new site's id */
    public Future<String> createSite(String name) {
        return fleet.createSite(Tenant.ANY, name).map(Site::id);
    }

    /** @return the new site's id, owned by {@code partnerId} */
    public Future<String> createSite(String partnerId, String name) {
        return fleet.createSite(Tenant.partner(partnerId), name).map(Site::id);
    }

    public Future<List<Site>> listSites() {
        return fleet.listSites(Tenant.ANY);
    }

    public Future<Site> site(String siteId) {
        return fleet.site(Tenant.ANY, siteId);
    }

    public Future<Site> updateSite(String siteId, SitePatch patch) {
        return fleet.updateSite(Tenant.ANY, siteId, patch);
    }

    public Future<Provisioned> provisionAppliance(String siteId) {
        return fleet.provision(Tenant.ANY, siteId).map(p -> new Provisioned(p.applianceId(), p.apiKey()));
    }

    public Future<List<ApplianceStatus>> appliances(String siteId) {
        return fleet.appliances(Tenant.ANY, siteId);
    }

    /** Replaces an appliance as {@link Fleet#replace} does, on behalf of {@code actor}. */
    public Future<Fleet.Replacement> replaceAppliance(String applianceId, String actor, String reason) {
        return fleet.replace(Tenant.ANY, applianceId, actor, reason);
    }

    /** Every operator and appliance key: names and times, never a key. */
    public Future<List<ApiKeyInfo>> keys() {
        return fleet.keys(Tenant.ANY);
    }

    /** Revokes an operator key ({@code opk-...}) or an appliance's key (its id). */
    public Future<Void> revokeKey(String keyId, String actor) {
        return fleet.revokeKey(Tenant.ANY, keyId, actor);
    }

    /** @return the new order's id */
    public Future<String> addOrder(String applianceId, String type, ObjectNode payload) {
        return fleet.addOrder(Tenant.ANY, applianceId, type, payload);
    }

    /** @return the new partner's id */
    public Future<String> createPartner(String name) {
        return fleet.createPartner(name);
    }

    /** @return an admin key of the default partner, shown once */
    public Future<String> createOperatorKey(String name) {
        return fleet.createOperatorKey(name, Tenant.DEFAULT_PARTNER, Role.ADMIN);
    }

    /** @return an admin key of {@code partnerId}, shown once */
    public Future<String> createOperatorKey(String name, String partnerId) {
        return fleet.createOperatorKey(name, partnerId, Role.ADMIN);
    }

    /** @return a key of {@code partnerId} with {@code role}, shown once */
    public Future<String> createOperatorKey(String name, String partnerId, Role role) {
        return fleet.createOperatorKey(name, partnerId, role);
    }

    /** @return the new credential's id */
    public Future<String> addCredential(String siteId, CredentialSpec spec) {
        return addCredential(siteId, spec, "relay-admin");
    }

    /** @param actor who adds it, recorded as having accepted the cleartext risk when the spec accepts it */
    public Future<String> addCredential(String siteId, CredentialSpec spec, String actor) {
        return fleet.addCredential(Tenant.ANY, siteId, spec, actor);
    }

    public Future<List<CredentialView>> listCredentials(String siteId) {
        return fleet.credentials(Tenant.ANY, siteId);
    }

    public Future<Void> deleteCredential(String siteId, String credentialId) {
        return fleet.deleteCredential(Tenant.ANY, siteId, credentialId);
    }

    /** The site's runbook settings with the whole catalog, as {@code GET /api/sites/{id}/runbooks} shows them. */
    public Future<ObjectNode> runbooks(String siteId) {
        return runbooks.view(Tenant.ANY, siteId);
    }

    /** Changes them as {@code PUT /api/sites/{id}/runbooks} does; fails with 400 naming an unknown runbook. */
    public Future<ObjectNode> putRunbooks(String siteId, JsonNode body) {
        return runbooks.update(Tenant.ANY, siteId, body);
    }

    /** @param status open, resolved, or null for both */
    public Future<List<StoredIncident>> incidents(String siteId, String status) {
        return incidents.list(Tenant.ANY, siteId, status);
    }

    public Future<StoredIncident> resolve(String siteId, String incidentId, ResolveRequest request, String by) {
        return incidents.resolve(Tenant.ANY, siteId, incidentId, request, by);
    }

    public Future<ComplianceReport> compliance(String siteId) {
        return checkins.compliance(Tenant.ANY, siteId);
    }

    /** Every partner, oldest first. */
    public Future<List<Partner>> partners() {
        return fleet.partners();
    }

    /**
     * Adds a person known by the provider's {@code issuer} and {@code subject}: a user of {@code partnerId} with
     * {@code role}, or a platform admin when both are null.
     *
     * @return fails with 409 for an identity that is a user already, 404 for an unknown partner
     */
    public Future<User> addUser(String partnerId, Role role, String issuer, String subject, String email) {
        return users.add(partnerId, role, issuer, subject, email);
    }

    /** Every user, removed ones too. */
    public Future<List<User>> users() {
        return users.list(Tenant.ANY);
    }

    /** Gives a partner user another role and ends their sessions. */
    public Future<User> changeRole(String userId, Role role) {
        return users.changeRole(Tenant.ANY, userId, role);
    }

    /** Removes a user and ends their sessions. */
    public Future<User> removeUser(String userId) {
        return users.remove(Tenant.ANY, userId);
    }

    /**
     * Starts a session for a user, as a sign-in does (for the demo's one-time sign-in and for tests).
     *
     * @return fails with 404 for an unknown user, 409 for a removed one
     */
    public Future<Sessions.Started> startSession(String userId) {
        return users.get(Tenant.ANY, userId).compose(u -> {
            if (u.removedAt() != null) {
                return Future.failedFuture(RelayException.conflict("user " + userId + " is removed"));
            }
            return sessions.start(u);
        });
    }

    /**
     * A one-time sign-in link for a user (the demo's): {@code /auth/one-time/TOKEN}, used once, within 10 minutes.
     *
     * @return fails with 404 for an unknown user
     */
    public Future<String> oneTimeSignIn(String userId) {
        return users.get(Tenant.ANY, userId).compose(u -> new dev.osiris.relay.identity.SignInFlows(pool)
                .oneTime(u.id(), clock.instant(), clock.instant().plus(dev.osiris.relay.identity.SignIn.FLOW_LIFETIME)))
                .map(token -> "/auth/one-time/" + token);
    }

    /** The audit log, newest first (every tenant's and the relay's own rows). */
    public Future<List<AuditEntry>> audit(int limit) {
        return audit.list(Tenant.ANY, 0, limit);
    }

    /** Releases: added only when signed by the release key this relay trusts. */
    public Releases releases() {
        return releases;
    }

    /** Rollouts, unrestricted by partner when given {@link Tenant#ANY}. */
    public RolloutStore rollouts() {
        return rollouts;
    }

    /** Raw SQL for tests and diagnostics, e.g. to show that the database refuses an UPDATE of evidence. */
    public Future<RowSet<Row>> sql(String statement) {
        return pool.query(statement).execute();
    }
}
