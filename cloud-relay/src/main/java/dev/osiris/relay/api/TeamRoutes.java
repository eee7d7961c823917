package dev.osiris.relay.api;

import dev.osiris.protocol.Api;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.audit.AuditLog;
import dev.osiris.relay.auth.ApiKeys;
import dev.osiris.relay.auth.Permission;
import dev.osiris.relay.auth.Principal;
import dev.osiris.relay.auth.Role;
import dev.osiris.relay.fleet.Fleet;
import dev.osiris.relay.identity.User;
import dev.osiris.relay.identity.UserStore;
import io.vertx.ext.web.RoutingContext;

/**
 * A partner's team, for its admins: users and their roles, API keys (named, with a role, revocable), and the
 * partner's audit log. Another partner's user or key answers 404.
 */
final class TeamRoutes {

    static final String USERS = "/api/users";
    static final String AUDIT = "/api/audit";

    private final Fleet fleet;
    private final UserStore users;
    private final AuditLog audit;
    private final BodyIntake intake;

    TeamRoutes(Fleet fleet, UserStore users, AuditLog audit, BodyIntake intake) {
        this.fleet = fleet;
        this.users = users;
        this.audit = audit;
        this.intake = intake;
    }

    void mount(SecuredRoutes routes) {
        routes.get(Api.KEYS, Permission.TEAM_ADMIN).handler(this::listKeys);
        routes.post(Api.KEYS, Permission.TEAM_ADMIN).consumes(ApiRouter.JSON)
                .handler(intake.read(OperatorRoutes.BODY_LIMIT)).handler(this::createKey);
        routes.patch(Api.KEYS + "/:keyId", Permission.TEAM_ADMIN).consumes(ApiRouter.JSON)
                .handler(intake.read(OperatorRoutes.BODY_LIMIT)).handler(this::renameKey);
        routes.delete(Api.KEYS + "/:keyId", Permission.TEAM_ADMIN).handler(this::revokeKey);
        routes.get(USERS, Permission.TEAM_ADMIN).handler(this::listUsers);
        routes.patch(USERS + "/:userId", Permission.TEAM_ADMIN).consumes(ApiRouter.JSON)
                .handler(intake.read(OperatorRoutes.BODY_LIMIT)).handler(this::changeRole);
        routes.delete(USERS + "/:userId", Permission.TEAM_ADMIN).handler(this::removeUser);
        routes.get(AUDIT, Permission.AUDIT_READ).handler(this::auditLog);
    }

    private void listKeys(RoutingContext ctx) {
        fleet.keys(OperatorRoutes.tenant(ctx))
                .compose(keys -> Responses.json(ctx, 200, OperatorRoutes.list("keys", keys, k -> k.toJson())))
                .onFailure(ctx::fail);
    }

    /** Body: {@code {"name": "...", "role": "admin|operator|readonly"}}; answers the key once, and its id. */
    private void createKey(RoutingContext ctx) {
        Fields f = new Fields(Json.parseObject(Responses.body(ctx), "key"), "key");
        String name = f.requireName("name", 200);
        Role role = Role.parse(f.requireText("role", 20));
        f.refuseUnknown();
        SecuredRoutes.auditDetails(ctx, Json.object().put("name", name).put("role", role.wire()));
        fleet.createOperatorKey(name, OperatorRoutes.tenant(ctx).partnerId(), role)
                .compose(key -> Responses.json(ctx, 201, Json.object()
                        .put("id", ApiKeys.operatorKeyId(key))
                        .put("name", name).put("role", role.wire()).put("apiKey", key)))
                .onFailure(ctx::fail);
    }

    /** Body: {@code {"name": "..."}}; the key and its role stay. */
    private void renameKey(RoutingContext ctx) {
        Fields f = new Fields(Json.parseObject(Responses.body(ctx), "key"), "key");
        String name = f.requireName("name", 200);
        f.refuseUnknown();
        SecuredRoutes.auditDetails(ctx, Json.object().put("name", name));
        fleet.renameKey(OperatorRoutes.tenant(ctx), ctx.pathParam("keyId"), name)
                .compose(v -> Responses.noContent(ctx))
                .onFailure(ctx::fail);
    }

    private void revokeKey(RoutingContext ctx) {
        Principal principal = OperatorRoutes.operator(ctx);
        fleet.revokeKey(principal.tenant(), ctx.pathParam("keyId"), principal.actor())
                .compose(v -> Responses.noContent(ctx))
                .onFailure(ctx::fail);
    }

    private void listUsers(RoutingContext ctx) {
        users.list(OperatorRoutes.tenant(ctx))
                .compose(list -> Responses.json(ctx, 200, OperatorRoutes.list("users", list, User::toJson)))
                .onFailure(ctx::fail);
    }

    /** Body: {@code {"role": "..."}}; the user's sessions end, so the new role holds from their next sign-in. */
    private void changeRole(RoutingContext ctx) {
        Fields f = new Fields(Json.parseObject(Responses.body(ctx), "user"), "user");
        Role role = Role.parse(f.requireText("role", 20));
        f.refuseUnknown();
        SecuredRoutes.auditDetails(ctx, Json.object().put("role", role.wire()));
        users.changeRole(OperatorRoutes.tenant(ctx), ctx.pathParam("userId"), role)
                .compose(u -> Responses.json(ctx, 200, u.toJson()))
                .onFailure(ctx::fail);
    }

    private void removeUser(RoutingContext ctx) {
        users.remove(OperatorRoutes.tenant(ctx), ctx.pathParam("userId"))
                .compose(u -> Responses.noContent(ctx))
                .onFailure(ctx::fail);
    }

    /** Query: {@code before} (an id, to page back), {@code limit} (1..1000, default 100); newest first. */
    private void auditLog(RoutingContext ctx) {
        long before = OperatorRoutes.longParam(ctx, "before", 0);
        int limit = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
                OperatorRoutes.longParam(ctx, "limit", 100)));
        audit.list(OperatorRoutes.tenant(ctx), before, limit)
                .compose(rows -> Responses.json(ctx, 200, OperatorRoutes.list("entries", rows, r -> r.toJson())))
                .onFailure(ctx::fail);
    }
}
