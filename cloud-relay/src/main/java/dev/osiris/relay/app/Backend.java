package dev.osiris.relay.app;

import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.relay.audit.AuditLog;
import dev.osiris.relay.audit.PgAuditLog;
import dev.osiris.relay.auth.ApiKeys;
import dev.osiris.relay.auth.ApplianceAuth;
import dev.osiris.relay.auth.OperatorAuth;
import dev.osiris.relay.db.Database;
import dev.osiris.relay.db.OwnerOnly;
import dev.osiris.relay.fleet.Fleet;
import dev.osiris.relay.identity.PgSignupStore;
import dev.osiris.relay.identity.PgUserStore;
import dev.osiris.relay.identity.SignupStore;
import dev.osiris.relay.identity.UserStore;
import dev.osiris.relay.incidents.Incidents;
import dev.osiris.relay.session.PgSessionStore;
import dev.osiris.relay.session.Sessions;
import dev.osiris.relay.runbooks.SiteRunbooks;
import dev.osiris.relay.store.AlertStore;
import dev.osiris.relay.store.ChangeFeed;
import dev.osiris.relay.store.CheckinStore;
import dev.osiris.relay.store.CredentialCipher;
import dev.osiris.relay.store.EvidenceStore;
import dev.osiris.relay.store.Ids;
import dev.osiris.relay.store.IncidentStore;
import dev.osiris.relay.store.MasterKey;
import dev.osiris.relay.store.PgAlertStore;
import dev.osiris.relay.store.PgApplianceStore;
import dev.osiris.relay.store.PgCheckinStore;
import dev.osiris.relay.store.PgCredentialStore;
import dev.osiris.relay.store.PgEvidenceStore;
import dev.osiris.relay.store.PgIncidentStore;
import dev.osiris.relay.store.PgOperatorStore;
import dev.osiris.relay.store.PgSiteStore;
import dev.osiris.relay.store.SiteConfigCache;
import dev.osiris.relay.release.PgReleaseStore;
import dev.osiris.relay.release.Releases;
import dev.osiris.relay.rollout.PgRolloutStore;
import dev.osiris.relay.rollout.RolloutStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The relay without its HTTP server: database, keys, stores and caches, wired by constructors. Used by serve and the CLI. */
final class Backend {

    /**
     * How long a cached site configuration may live; another process's changes reach this one's caches through the
     * change feed within a moment, so this is only a backstop.
     */
    static final Duration CACHE_TTL = Duration.ofMinutes(5);

    final Database database;
    final WorkerExecutor verifier;
    final CredentialCipher cipher;
    final ApplianceAuth applianceAuth;
    final OperatorAuth operatorAuth;
    final CheckinStore checkins;
    final EvidenceStore evidence;
    final SiteConfigCache configs;
    final Fleet fleet;
    final IncidentStore incidentStore;
    final AlertStore alerts;
    final Incidents incidents;
    final SiteRunbooks runbooks;
    final ChangeFeed feed;
    final PgCheckinStore checkinStore;
    final UserStore users;
    final Sessions sessions;
    final AuditLog audit;
    final SignupStore signups;
    final Releases releases;
    final RolloutStore rollouts;
    final Ids ids;
    /** Every wall-time read of the relay's Java code (the database keeps its own now()); tests move it. */
    final Clock clock;

    private Backend(Vertx vertx, Path dataDir, Database database, MasterKey masterKey, WorkerExecutor verifier,
                    RunbookCatalog catalog, ChangeFeed feed, Clock clock) {
        SecureRandom random = new SecureRandom();
        Ids ids = new Ids(random);
        this.ids = ids;
        this.database = database;
        this.verifier = verifier;
        this.feed = feed;
        this.clock = clock;
        this.cipher = new CredentialCipher(masterKey, random);
        PgSiteStore sites = new PgSiteStore(database.pool(), ids);
        PgApplianceStore appliances = new PgApplianceStore(database.pool(), ids);
        PgOperatorStore operators = new PgOperatorStore(database.pool(), ids);
        this.applianceAuth = new ApplianceAuth(appliances, feed);
        this.operatorAuth = new OperatorAuth(operators);
        // half the pool commits check-ins (in batches); the other half serves authentication, evidence and operators
        this.checkinStore = new PgCheckinStore(database.pool(), Math.max(1, database.poolSize() / 2));
        this.checkins = checkinStore;
        this.evidence = new PgEvidenceStore(database.pool(), verifier);
        this.configs = new SiteConfigCache(sites, CACHE_TTL, feed);
        this.fleet = new Fleet(sites, appliances, new PgCredentialStore(database.pool(), ids, cipher), operators,
                evidence, new ApiKeys(random), configs);
        this.incidentStore = new PgIncidentStore(database.pool());
        this.alerts = new PgAlertStore(database.pool());
        this.incidents = new Incidents(incidentStore, catalog, clock);
        this.runbooks = new SiteRunbooks(sites, configs, catalog);
        this.users = new PgUserStore(database.pool(), ids);
        this.sessions = new Sessions(new PgSessionStore(database.pool()), random, clock);
        this.audit = new PgAuditLog(database.pool());
        this.signups = new PgSignupStore(database.pool(), ids);
        this.releases = new Releases(vertx, new PgReleaseStore(database.pool()), dataDir);
        this.rollouts = new PgRolloutStore(database.pool(), ids);
    }

    static Future<Backend> open(Vertx vertx, RelayConfig config, RunbookCatalog catalog) {
        return open(vertx, config, catalog, Clock.systemUTC());
    }

    static Future<Backend> open(Vertx vertx, RelayConfig config, RunbookCatalog catalog, Clock clock) {
        Future<MasterKey> masterKey = vertx.executeBlocking(() -> {
            OwnerOnly.directory(config.dataDir());
            return MasterKey.load(Optional.ofNullable(System.getenv(MasterKey.ENV)), config.dataDir());
        });
        return masterKey.compose(key -> Database.open(vertx,
                        new Database.Config(config.dataDir(), config.databaseUrl(),
                                config.databaseMigrationUrl(), config.poolSize()))
                .map(db -> new Backend(vertx, config.dataDir(), db, key, vertx.createSharedWorkerExecutor("osiris-verify",
                        Math.max(2, Runtime.getRuntime().availableProcessors())), catalog,
                        ChangeFeed.listen(vertx, db.connection().pgOptions()), clock)));
    }

    Future<Void> close() {
        return feed.close().eventually(database::close).eventually(verifier::close);
    }
}
