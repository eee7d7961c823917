package dev.osiris.relay.rollout;

import dev.osiris.protocol.checkin.UpdateReport;
import dev.osiris.relay.RelayException;
import dev.osiris.relay.store.Ids;
import dev.osiris.relay.store.Tenant;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link RolloutStore} on PostgreSQL; statements in {@link RolloutSql}, invariants in V11's triggers and indexes. */
public final class PgRolloutStore implements RolloutStore {

    private static final String UNIQUE_VIOLATION = "23505";

    private final Pool pool;
    private final Ids ids;

    public PgRolloutStore(Pool pool, Ids ids) {
        this.pool = pool;
        this.ids = ids;
    }

    @Override
    public Future<RolloutView> create(Tenant tenant, RolloutSpec spec, String actor) {
        String partner = tenant.partnerId() == null ? Tenant.DEFAULT_PARTNER : tenant.partnerId();
        String id = ids.next("rol");
        return pool.withTransaction(c -> c.preparedQuery(RolloutSql.RELEASE_EXISTS).execute(Tuple.of(spec.release()))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        throw RelayException.badRequest("release " + spec.release() + " is unknown (release add first)");
                    }
                    return targets(c, partner, spec.targets());
                })
                .compose(targets -> {
                    List<Integer> sizes;
                    try {
                        sizes = GroupSplit.sizes(targets.size(), spec.groups().stream().map(RolloutSpec.Group::size)
                                .toList());
                    } catch (IllegalArgumentException e) {
                        throw RelayException.badRequest(e.getMessage());
                    }
                    if (targets.isEmpty()) {
                        throw RelayException.badRequest("the rollout targets no appliance");
                    }
                    return busy(c, targets).compose(v -> c.preparedQuery(RolloutSql.APPROVAL).execute(Tuple.of(partner)))
                            .compose(rows -> {
                                boolean approval = rows.size() > 0 && rows.iterator().next().getBoolean(0);
                                return c.preparedQuery(RolloutSql.INSERT_ROLLOUT).execute(Tuple.of(id, partner,
                                        spec.release(), approval ? "awaiting-approval" : "running",
                                        (int) spec.reportTimeout().toSeconds(), actor));
                            })
                            .compose(v -> insertGroups(c, id, spec, targets, sizes))
                            .compose(v -> c.preparedQuery(RolloutSql.INSERT_EVENT)
                                    .execute(Tuple.of(id, "created", "by " + actor)));
                }))
                .compose(v -> show(tenant, id));
    }

    private Future<List<String>> targets(SqlConnection c, String partner, RolloutTargets t) {
        Future<RowSet<Row>> rows = switch (t.kind()) {
            case ALL -> c.preparedQuery(RolloutSql.TARGETS_ALL).execute(Tuple.of(partner));
            case TAG -> c.preparedQuery(RolloutSql.TARGETS_TAG).execute(Tuple.of(partner, t.tag()));
            case SITES -> c.preparedQuery(RolloutSql.SITES_OF_PARTNER)
                    .execute(Tuple.tuple().addValue(t.siteIds().toArray(String[]::new)).addValue(partner)).compose(found -> {
                        Set<String> seen = new HashSet<>();
                        found.forEach(r -> seen.add(r.getString(0)));
                        for (String site : t.siteIds()) {
                            if (!seen.contains(site)) {
                                throw RelayException.notFound("site " + site + " not found");
                            }
                        }
                        return c.preparedQuery(RolloutSql.TARGETS_SITES)
                                .execute(Tuple.tuple().addValue(partner).addValue(t.siteIds().toArray(String[]::new)));
                    });
        };
        return rows.map(found -> {
            List<String> out = new ArrayList<>(found.size());
            found.forEach(r -> out.add(r.getString(0)));
            return out;
        });
    }

    private static Future<Void> busy(SqlConnection c, List<String> targets) {
        return c.preparedQuery(RolloutSql.BUSY).execute(Tuple.tuple().addValue(targets.toArray(String[]::new))).map(rows -> {
            if (rows.size() > 0) {
                Row r = rows.iterator().next();
                throw RelayException.conflict("appliance " + r.getString(0) + " is in active rollout "
                        + r.getString(1) + " (one active rollout per appliance)");
            }
            return null;
        });
    }

    private static Future<Void> insertGroups(SqlConnection c, String id, RolloutSpec spec, List<String> targets,
                                             List<Integer> sizes) {
        List<Tuple> groups = new ArrayList<>();
        List<Tuple> members = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < sizes.size(); i++) {
            GroupPolicy p = spec.groups().get(i).policy();
            groups.add(Tuple.of(id, i + 1, p.successPercent(), p.errorPercent(), (int) p.soak().toSeconds()));
            for (int k = 0; k < sizes.get(i); k++) {
                members.add(Tuple.of(id, targets.get(next++), i + 1));
            }
        }
        Future<?> g = c.preparedQuery(RolloutSql.INSERT_GROUP).executeBatch(groups);
        return g.compose(v -> members.isEmpty() ? Future.succeededFuture()
                        : c.preparedQuery(RolloutSql.INSERT_TARGET).executeBatch(members))
                .recover(e -> Future.failedFuture(e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                        ? RelayException.conflict("an appliance of the rollout is in another active rollout") : e))
                .mapEmpty();
    }

    @Override
    public Future<List<RolloutView>> list(Tenant tenant) {
        return views(pool, null, tenant.partnerId());
    }

    @Override
    public Future<RolloutView> show(Tenant tenant, String rolloutId) {
        return views(pool, rolloutId, tenant.partnerId()).map(list -> {
            if (list.isEmpty()) {
                throw RelayException.notFound("rollout " + rolloutId + " not found");
            }
            return list.getFirst();
        });
    }

    @Override
    public Future<RolloutView> pause(Tenant tenant, String rolloutId, String actor) {
        return change(tenant, rolloutId, RolloutSql.OPERATOR_PAUSE, "paused by " + actor, "running");
    }

    @Override
    public Future<RolloutView> approve(Tenant tenant, String rolloutId, String actor) {
        return change(tenant, rolloutId, RolloutSql.APPROVE, actor, "awaiting approval");
    }

    @Override
    public Future<RolloutView> abort(Tenant tenant, String rolloutId, String actor) {
        return change(tenant, rolloutId, RolloutSql.ABORT, "aborted by " + actor, "running, paused or awaiting approval");
    }

    private Future<RolloutView> change(Tenant tenant, String rolloutId, String sql, String detail, String expected) {
        return show(tenant, rolloutId).compose(before -> pool.preparedQuery(sql)
                .execute(Tuple.of(rolloutId, tenant.partnerId(), detail)).compose(rows -> {
                    if (rows.rowCount() == 0) {
                        throw RelayException.conflict("rollout " + rolloutId + " is " + before.status()
                                + ", not " + expected);
                    }
                    return show(tenant, rolloutId);
                }));
    }

    @Override
    public Future<RolloutView> resume(Tenant tenant, String rolloutId, List<String> skip, String actor) {
        return show(tenant, rolloutId).compose(before -> {
            if (!before.status().equals("paused")) {
                throw RelayException.conflict("rollout " + rolloutId + " is " + before.status() + ", not paused");
            }
            String[] skipped = skip.toArray(String[]::new);
            return pool.withTransaction(c -> c.preparedQuery(RolloutSql.SKIP)
                    .execute(Tuple.tuple().addValue(rolloutId).addValue(skipped).addValue("skipped by " + actor)).compose(rows -> {
                        Set<String> done = new HashSet<>();
                        rows.forEach(r -> done.add(r.getString(0)));
                        for (String a : skip) {
                            if (!done.contains(a)) {
                                throw RelayException.badRequest("appliance " + a + " is not an appliance of rollout "
                                        + rolloutId + " that can be skipped (not in it, committed or skipped already)");
                            }
                        }
                        return c.preparedQuery(RolloutSql.WITHDRAW_SKIPPED_ORDERS)
                                .execute(Tuple.tuple().addValue(rolloutId).addValue(skipped));
                    })
                    .compose(v -> c.preparedQuery(RolloutSql.RESUME).execute(Tuple.of(rolloutId, tenant.partnerId())))
                    .map(rows -> {
                        if (rows.rowCount() == 0) {
                            throw RelayException.conflict("rollout " + rolloutId + " is no longer paused");
                        }
                        return null;
                    })).compose(v -> show(tenant, rolloutId));
        });
    }

    @Override
    public Future<List<String>> history(Tenant tenant, String rolloutId) {
        return show(tenant, rolloutId).compose(v -> pool.preparedQuery(RolloutSql.EVENTS).execute(Tuple.of(rolloutId)))
                .map(rows -> {
                    List<String> out = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        Integer position = r.getInteger("position");
                        out.add(r.getString("kind") + "\t" + (position == null ? "" : position) + "\t"
                                + (r.getString("appliance_id") == null ? "" : r.getString("appliance_id")) + "\t"
                                + r.getString("detail") + "\t" + r.getOffsetDateTime("at").toInstant());
                    }
                    return out;
                });
    }

    @Override
    public Future<Void> setApproval(String partnerId, boolean required) {
        return pool.preparedQuery(RolloutSql.SET_APPROVAL).execute(Tuple.of(partnerId, required))
                .recover(e -> Future.failedFuture(e instanceof PgException pg && "23503".equals(pg.getSqlState())
                        ? RelayException.notFound("partner " + partnerId + " not found") : e))
                .mapEmpty();
    }

    @Override
    public Future<Void> setWindow(Tenant tenant, String siteId, Optional<MaintenanceWindow> window) {
        if (window.isEmpty()) {
            return pool.preparedQuery(RolloutSql.SITE_VISIBLE).execute(Tuple.of(siteId, tenant.partnerId()))
                    .compose(rows -> {
                        if (rows.size() == 0) {
                            throw RelayException.notFound("site " + siteId + " not found");
                        }
                        return pool.preparedQuery(RolloutSql.CLEAR_WINDOW).execute(Tuple.of(siteId, tenant.partnerId()));
                    }).mapEmpty();
        }
        MaintenanceWindow w = window.get();
        return pool.preparedQuery(RolloutSql.SET_WINDOW).execute(Tuple.of(siteId, tenant.partnerId(), w.zone().getId(),
                (short) w.dayBits(), w.startMinute(), w.endMinute())).map(rows -> {
                    if (rows.size() == 0) {
                        throw RelayException.notFound("site " + siteId + " not found");
                    }
                    return null;
                });
    }

    @Override
    public Future<Void> tag(Tenant tenant, String applianceId, String tag) {
        if (tag == null || !tag.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
            return Future.failedFuture(RelayException.badRequest("a tag is 1 to 63 of a-z 0-9 . _ -, got \"" + tag + "\""));
        }
        return pool.preparedQuery(RolloutSql.APPLIANCE_VISIBLE).execute(Tuple.of(applianceId, tenant.partnerId()))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        throw RelayException.notFound("appliance " + applianceId + " not found");
                    }
                    return pool.preparedQuery(RolloutSql.TAG).execute(Tuple.of(applianceId, tenant.partnerId(), tag));
                }).mapEmpty();
    }

    @Override
    public Future<List<RolloutView>> running() {
        return pool.preparedQuery(RolloutSql.RUNNING).execute().compose(rows -> {
            List<String> ids = new ArrayList<>();
            rows.forEach(r -> ids.add(r.getString(0)));
            return ids.isEmpty() ? Future.succeededFuture(List.of())
                    : views(pool, null, null).map(all -> all.stream().filter(v -> ids.contains(v.id())).toList());
        });
    }

    @Override
    public Future<Void> apply(String rolloutId, RolloutDecision decision, Optional<String> alertRecipient) {
        return switch (decision) {
            case RolloutDecision.Wait w -> Future.succeededFuture();
            case RolloutDecision.StartGroup s -> update(RolloutSql.START_GROUP, Tuple.of(rolloutId, s.position()));
            case RolloutDecision.Soak s -> update(RolloutSql.SOAK_GROUP, Tuple.of(rolloutId, s.position()));
            case RolloutDecision.FinishGroup f -> update(RolloutSql.FINISH_GROUP, Tuple.of(rolloutId, f.position()));
            case RolloutDecision.Finish f -> update(RolloutSql.FINISH, Tuple.of(rolloutId));
            case RolloutDecision.Pause p -> update(RolloutSql.PAUSE_AT_THRESHOLD,
                    Tuple.of(rolloutId, p.reason(), p.position(), alertRecipient.orElse(null)));
        };
    }

    private Future<Void> update(String sql, Tuple params) {
        return pool.preparedQuery(sql).execute(params).mapEmpty();
    }

    @Override
    public Future<Set<String>> timeouts() {
        return pool.preparedQuery(RolloutSql.TIMEOUTS).execute().map(rows -> {
            Set<String> out = new HashSet<>();
            rows.forEach(r -> out.add(r.getString(0)));
            return out;
        });
    }

    @Override
    public Future<Set<String>> activeAppliances() {
        return pool.preparedQuery(RolloutSql.ACTIVE_APPLIANCES).execute().map(rows -> {
            Set<String> out = new HashSet<>(rows.size() * 2);
            rows.forEach(r -> out.add(r.getString(0)));
            return out;
        });
    }

    @Override
    public Future<Optional<String>> offer(String applianceId, String orderId, String relayBaseUrl) {
        return pool.preparedQuery(RolloutSql.OFFER).execute(Tuple.of(applianceId, orderId, relayBaseUrl))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString(0)));
    }

    @Override
    public Future<Optional<Settled>> report(String applianceId, long seq, UpdateReport r, Duration clockTolerance) {
        Future<Void> known = r.rolloutId() == null ? Future.succeededFuture()
                : pool.preparedQuery(RolloutSql.IN_ROLLOUT).execute(Tuple.of(r.rolloutId(), applianceId)).map(rows -> {
                    if (rows.size() == 0) {
                        throw RelayException.badRequest("checkin.update.rolloutId: appliance " + applianceId
                                + " is not in rollout " + r.rolloutId());
                    }
                    return null;
                });
        OffsetDateTime updatedAt = OffsetDateTime.ofInstant(r.updatedAt(), ZoneOffset.UTC);
        return known.compose(v -> pool.preparedQuery(RolloutSql.STORE_STATE).execute(Tuple.of(applianceId, seq,
                        r.state(), r.version(), r.reason(), r.rolloutId(), updatedAt)))
                .compose(v -> !r.settled() ? Future.succeededFuture(Optional.<Settled>empty())
                        : pool.preparedQuery(RolloutSql.SETTLE).execute(Tuple.tuple().addValue(applianceId)
                                .addValue(seq).addValue(r.state()).addValue(r.version()).addValue(r.rolloutId())
                                .addValue((double) clockTolerance.toSeconds()).addValue(r.reason()).addValue(updatedAt))
                                .map(rows -> rows.size() == 0 ? Optional.<Settled>empty()
                                        : Optional.of(new Settled(rows.iterator().next().getString(0),
                                                rows.iterator().next().getInteger(1), r.state()))));
    }

    private static Future<List<RolloutView>> views(SqlClient c, String id, String partner) {
        return c.preparedQuery(RolloutSql.ROLLOUTS).execute(Tuple.of(id, partner)).compose(rows -> {
            Map<String, Row> rollouts = new LinkedHashMap<>();
            rows.forEach(r -> rollouts.put(r.getString("id"), r));
            if (rollouts.isEmpty()) {
                return Future.succeededFuture(List.of());
            }
            return c.preparedQuery(RolloutSql.GROUPS).execute(Tuple.tuple().addValue(rollouts.keySet().toArray(String[]::new)))
                    .map(groupRows -> {
                        Map<String, List<RolloutView.Group>> groups = new LinkedHashMap<>();
                        for (Row g : groupRows) {
                            groups.computeIfAbsent(g.getString("rollout_id"), k -> new ArrayList<>()).add(group(g));
                        }
                        List<RolloutView> out = new ArrayList<>();
                        rollouts.forEach((rid, r) -> out.add(new RolloutView(rid, r.getString("partner_id"),
                                r.getString("release_version"), r.getString("status"), r.getString("reason"),
                                r.getInteger("report_timeout_seconds"), r.getOffsetDateTime("created_at").toInstant(),
                                groups.getOrDefault(rid, List.of()))));
                        return out;
                    });
        });
    }

    private static RolloutView.Group group(Row g) {
        return new RolloutView.Group(g.getInteger("position"), new GroupPolicy(g.getInteger("success_threshold"),
                g.getInteger("error_threshold"), Duration.ofSeconds(g.getInteger("soak_seconds"))),
                GroupStatus.ofWire(g.getString("status")), g.getLong("total").intValue(),
                g.getLong("pending").intValue(), g.getLong("ordered").intValue(), g.getLong("committed").intValue(),
                g.getLong("failed").intValue(), g.getLong("skipped").intValue(), instant(g, "started_at"),
                instant(g, "succeeded_at"), instant(g, "done_at"));
    }

    private static Optional<java.time.Instant> instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }
}
