package dev.osiris.relay.fleet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.checkin.ReplacedChain;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.relay.RelayException;
import dev.osiris.relay.auth.ApiKeys;
import dev.osiris.relay.auth.Role;
import dev.osiris.relay.store.ApiKeyInfo;
import dev.osiris.relay.store.Appliance;
import dev.osiris.relay.store.ApplianceStatus;
import dev.osiris.relay.store.ApplianceStore;
import dev.osiris.relay.store.CredentialSpec;
import dev.osiris.relay.store.CredentialStore;
import dev.osiris.relay.store.CredentialView;
import dev.osiris.relay.store.EvidenceStore;
import dev.osiris.relay.store.OperatorStore;
import dev.osiris.relay.store.Site;
import dev.osiris.relay.store.SiteConfigCache;
import dev.osiris.relay.store.SitePatch;
import dev.osiris.relay.store.SiteStore;
import dev.osiris.relay.store.Tenant;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * What operators do to their fleet, for the HTTP API and the CLI alike: every change also drops what this process
 * has cached about it, so the next check-in sees it. Futures fail with {@link RelayException} (404 for anything
 * the tenant cannot see, 400 for invalid input).
 */
public final class Fleet {

    /** A freshly provisioned appliance; the key is shown once and stored only as its hash. */
    public record Provisioned(String applianceId, String apiKey) {
        @Override
        public String toString() {
            return "Provisioned[" + applianceId + ", apiKey=[REDACTED]]";
        }
    }

    /** A replacement made: the new appliance and its key (shown once), and where the old chain ended. */
    public record Replacement(String applianceId, String apiKey, String replacedId, EvidenceHead finalHead) {
        @Override
        public String toString() {
            return "Replacement[" + applianceId + " replaces " + replacedId + ", apiKey=[REDACTED]]";
        }
    }

    /** An appliance's evidence, with the key it is signed by. */
    public record EvidencePage(String applianceId, String publicKey, List<EvidenceRecord> records) {
    }

    public static final int MAX_EVIDENCE_PAGE = 5_000;

    private final SiteStore sites;
    private final ApplianceStore appliances;
    private final CredentialStore credentials;
    private final OperatorStore operators;
    private final EvidenceStore evidence;
    private final ApiKeys keys;
    private final SiteConfigCache configs;

    public Fleet(SiteStore sites, ApplianceStore appliances, CredentialStore credentials, OperatorStore operators,
                 EvidenceStore evidence, ApiKeys keys, SiteConfigCache configs) {
        this.sites = sites;
        this.appliances = appliances;
        this.credentials = credentials;
        this.operators = operators;
        this.evidence = evidence;
        this.keys = keys;
        this.configs = configs;
    }

    public Future<Site> createSite(Tenant tenant, String name) {
        return sites.create(tenant, name);
    }

    public Future<List<Site>> listSites(Tenant tenant) {
        return sites.list(tenant);
    }

    public Future<Site> site(Tenant tenant, String siteId) {
        return sites.get(tenant, siteId);
    }

    public Future<Site> updateSite(Tenant tenant, String siteId, SitePatch patch) {
        return sites.update(tenant, siteId, patch).onSuccess(s -> configs.invalidate(siteId));
    }

    public Future<Provisioned> provision(Tenant tenant, String siteId) {
        String key = keys.newApplianceKey();
        return appliances.provision(tenant, siteId, ApiKeys.sha256Hex(key)).map(id -> new Provisioned(id, key));
    }

    public Future<List<ApplianceStatus>> appliances(Tenant tenant, String siteId) {
        return appliances.list(tenant, siteId);
    }

    /**
     * Replaces an appliance (new hardware, or a new data directory): its API key is revoked and its evidence chain
     * ended, kept and still verifiable; the successor at the same site gets a new key, shown once, and starts a
     * new chain at seq 1, its check-ins counted from 1. Recorded in the audit log under {@code actor}.
     *
     * @return fails with 404 for an appliance the tenant cannot see, 409 for one replaced already, 400 for a
     *         reason over {@value ReplacedChain#MAX_REASON} characters
     */
    public Future<Replacement> replace(Tenant tenant, String applianceId, String actor, String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.length() > ReplacedChain.MAX_REASON) {
            return Future.failedFuture(RelayException.badRequest("reason must be at most "
                    + ReplacedChain.MAX_REASON + " characters"));
        }
        String key = keys.newApplianceKey();
        return appliances.replace(tenant, applianceId, ApiKeys.sha256Hex(key), actor, why)
                .map(r -> new Replacement(r.applianceId(), key, r.replacedId(), r.finalHead()));
    }

    /** Operator and appliance keys of the tenant: names and times, never a key. */
    public Future<List<ApiKeyInfo>> keys(Tenant tenant) {
        return Future.all(operators.keys(tenant), appliances.keys(tenant)).map(all -> {
            List<ApiKeyInfo> out = new ArrayList<>(all.<List<ApiKeyInfo>>resultAt(0));
            out.addAll(all.<List<ApiKeyInfo>>resultAt(1));
            return out;
        });
    }

    /**
     * Revokes an operator key ({@code opk-...}) or an appliance's key (its id, {@code app-...}); every relay
     * refuses it from the next request on.
     *
     * @return fails with 404 for a key the tenant cannot see, 409 for one revoked already
     */
    public Future<Void> revokeKey(Tenant tenant, String keyId, String actor) {
        if (keyId != null && keyId.startsWith("opk-")) {
            return operators.revoke(tenant, keyId, actor);
        }
        if (keyId != null && keyId.startsWith("app-")) {
            return appliances.revokeKey(tenant, keyId, actor);
        }
        return Future.failedFuture(RelayException.notFound("key " + keyId + " not found"));
    }

    /**
     * Renames an operator key ({@code opk-...}) of the tenant; an appliance's key is named by its appliance.
     *
     * @return fails with 400 for a bad name or an appliance key, 404 for a key the tenant cannot see, 409 for a
     *         revoked one
     */
    public Future<Void> renameKey(Tenant tenant, String keyId, String name) {
        if (keyId != null && keyId.startsWith("app-")) {
            return Future.failedFuture(RelayException.badRequest("an appliance's key is named by its appliance;"
                    + " only an operator key (opk-...) can be renamed"));
        }
        if (keyId == null || !keyId.startsWith("opk-")) {
            return Future.failedFuture(RelayException.notFound("key " + keyId + " not found"));
        }
        return validKeyName(name).compose(n -> operators.rename(tenant, keyId, n));
    }

    public Future<String> addOrder(Tenant tenant, String applianceId, String type, ObjectNode payload) {
        return appliances.addOrder(tenant, applianceId, type, payload);
    }

    /** {@code actor} is recorded as having accepted the cleartext risk when the spec accepts it. */
    public Future<String> addCredential(Tenant tenant, String siteId, CredentialSpec spec, String actor) {
        return credentials.add(tenant, siteId, spec, actor).onSuccess(id -> configs.invalidate(siteId));
    }

    public Future<List<CredentialView>> credentials(Tenant tenant, String siteId) {
        return credentials.list(tenant, siteId);
    }

    public Future<Void> deleteCredential(Tenant tenant, String siteId, String credentialId) {
        return credentials.delete(tenant, siteId, credentialId).onSuccess(v -> configs.invalidate(siteId));
    }

    /** Evidence of an appliance of the site, after {@code afterSeq}, at most {@code limit} records. */
    public Future<EvidencePage> evidence(Tenant tenant, String siteId, String applianceId, long afterSeq, int limit) {
        if (limit < 1 || limit > MAX_EVIDENCE_PAGE) {
            return Future.failedFuture(RelayException.badRequest("limit must be between 1 and " + MAX_EVIDENCE_PAGE));
        }
        if (afterSeq < 0) {
            return Future.failedFuture(RelayException.badRequest("after must not be negative"));
        }
        return appliances.get(tenant, applianceId).compose(appliance -> {
            if (!appliance.siteId().equals(siteId)) {
                throw RelayException.notFound("appliance " + applianceId + " not found at site " + siteId);
            }
            return evidence.list(applianceId, afterSeq, limit)
                    .map(records -> new EvidencePage(applianceId,
                            appliance.pinnedKey() == null ? null : appliance.pinnedKey().base64(), records));
        });
    }

    public Future<Appliance> appliance(Tenant tenant, String applianceId) {
        return appliances.get(tenant, applianceId);
    }

    /** Every partner, oldest first. */
    public Future<java.util.List<dev.osiris.relay.store.Partner>> partners() {
        return operators.partners();
    }

    public Future<String> createPartner(String name) {
        return operators.createPartner(name);
    }

    /** @return the new operator key, shown once */
    public Future<String> createOperatorKey(String name, String partnerId, Role role) {
        String key = keys.newOperatorKey();
        return validKeyName(name).compose(n -> operators.addKey(ApiKeys.sha256Hex(key), n, partnerId, role)).map(key);
    }

    private static Future<String> validKeyName(String name) {
        if (name == null || name.isBlank() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            return Future.failedFuture(RelayException.badRequest(
                    "operator key name must be 1 to 200 characters on one line"));
        }
        return Future.succeededFuture(name.strip());
    }
}
