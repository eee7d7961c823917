package dev.osiris.relay.rollout;

import dev.osiris.protocol.checkin.UpdateReport;
import dev.osiris.relay.store.Tenant;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rollouts in the database. Operator calls fail with {@link dev.osiris.relay.RelayException}: 404 for what the
 * tenant cannot see, 400 for bad input (nothing changed), 409 for a state that does not allow the change.
 */
public interface RolloutStore {

    /** A settled report counted for a rollout's group. */
    record Settled(String rolloutId, int position, String state) {
    }

    Future<RolloutView> create(Tenant tenant, RolloutSpec spec, String actor);

    Future<List<RolloutView>> list(Tenant tenant);

    Future<RolloutView> show(Tenant tenant, String rolloutId);

    Future<RolloutView> pause(Tenant tenant, String rolloutId, String actor);

    /** Resumes a paused rollout, first skipping {@code skip} (appliances of the rollout; others refused, 400). */
    Future<RolloutView> resume(Tenant tenant, String rolloutId, List<String> skip, String actor);

    /** Aborts; appliances already committed keep their release, orders not yet taken are withdrawn. */
    Future<RolloutView> abort(Tenant tenant, String rolloutId, String actor);

    Future<RolloutView> approve(Tenant tenant, String rolloutId, String actor);

    /** The rollout's history, oldest first: kind, group, appliance, detail, time (tab-separated). */
    Future<List<String>> history(Tenant tenant, String rolloutId);

    Future<Void> setApproval(String partnerId, boolean required);

    /** Sets (or, empty, clears) a site's maintenance window; fails with 404 when the tenant sees no such site. */
    Future<Void> setWindow(Tenant tenant, String siteId, Optional<MaintenanceWindow> window);

    /** Tags an appliance (again: no change); fails with 400 for a malformed tag, 404 when the tenant sees no such appliance. */
    Future<Void> tag(Tenant tenant, String applianceId, String tag);

    // the engine and the check-in path

    Future<List<RolloutView>> running();

    /** Applies one decision with a guarded statement; {@code alertRecipient} for the pause mail. */
    Future<Void> apply(String rolloutId, RolloutDecision decision, Optional<String> alertRecipient);

    /** Marks ordered targets that did not report in time as timed out; @return the rollouts concerned */
    Future<Set<String>> timeouts();

    /** Appliances an update order may be due to: a pending target in a running group of a running rollout. */
    Future<Set<String>> activeAppliances();

    /** Issues the update order when it is due; @return the rollout, when an order was issued */
    Future<Optional<String>> offer(String applianceId, String orderId, String relayBaseUrl);

    /**
     * Stores the reported state (a re-sent report changes nothing) and counts a settled one for the appliance's
     * rollout; fails with 400 when the report names a rollout the appliance is not in.
     */
    Future<Optional<Settled>> report(String applianceId, long seq, UpdateReport report, Duration clockTolerance);
}
