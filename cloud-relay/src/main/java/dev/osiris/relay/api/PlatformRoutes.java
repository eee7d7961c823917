package dev.osiris.relay.api;

import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.auth.Permission;
import dev.osiris.relay.auth.Role;
import dev.osiris.relay.fleet.Fleet;
import dev.osiris.relay.identity.AllowListEntry;
import dev.osiris.relay.identity.Signup;
import dev.osiris.relay.identity.SignupStore;
import dev.osiris.relay.identity.User;
import dev.osiris.relay.identity.UserStore;
import dev.osiris.relay.store.Tenant;
import io.vertx.ext.web.RoutingContext;

/**
 * The relay operator's own staff: partners, every user, pending signups (approve, reject), the domain allow-list and
 * the approval switch. No partner data (sites and below) is reachable here.
 */
final class PlatformRoutes {

    static final String PLATFORM = "/api/platform";

    private final Fleet fleet;
    private final UserStore users;
    private final SignupStore signups;
    private final BodyIntake intake;

    PlatformRoutes(Fleet fleet, UserStore users, SignupStore signups, BodyIntake intake) {
        this.fleet = fleet;
        this.users = users;
        this.signups = signups;
        this.intake = intake;
    }

    void mount(SecuredRoutes routes) {
        routes.get(PLATFORM + "/partners", Permission.PLATFORM_ADMIN).handler(this::listPartners);
        routes.post(PLATFORM + "/partners", Permission.PLATFORM_ADMIN).consumes(ApiRouter.JSON)
                .handler(intake.read(OperatorRoutes.BODY_LIMIT)).handler(this::createPartner);
        routes.get(PLATFORM + "/users", Permission.PLATFORM_ADMIN).handler(this::listUsers);
        routes.post(PLATFORM + "/users", Permission.PLATFORM_ADMIN).consumes(ApiRouter.JSON)
                .handler(intake.read(OperatorRoutes.BODY_LIMIT)).handler(this::addUser);
        routes.get(PLATFORM + "/signups", Permission.PLATFORM_ADMIN).handler(this::listSignups);
        routes.post(PLATFORM + "/signups/:signupId/approve", Permission.PLATFORM_ADMIN).consumes(ApiRouter.JSON)
                .handler(intake.read(OperatorRoutes.BODY_LIMIT)).handler(this::approve);
        routes.post(PLATFORM + "/signups/:signupId/reject", Permission.PLATFORM_ADMIN).handler(this::reject);
        routes.get(PLATFORM + "/allow-list", Permission.PLATFORM_ADMIN).handler(this::allowList);
        routes.post(PLATFORM + "/allow-list", Permission.PLATFORM_ADMIN).consumes(ApiRouter.JSON)
                .handler(intake.read(OperatorRoutes.BODY_LIMIT)).handler(this::allow);
        routes.delete(PLATFORM + "/allow-list/:domain", Permission.PLATFORM_ADMIN).handler(this::disallow);
        routes.get(PLATFORM + "/settings", Permission.PLATFORM_ADMIN).handler(this::settings);
        routes.put(PLATFORM + "/settings", Permission.PLATFORM_ADMIN).consumes(ApiRouter.JSON)
                .handler(intake.read(OperatorRoutes.BODY_LIMIT)).handler(this::putSettings);
    }

    /** Query: {@code status} (pending, approved, rejected; default all). */
    private void listSignups(RoutingContext ctx) {
        String status = ctx.queryParams().get("status");
        if (status != null && !java.util.Set.of(Signup.PENDING, Signup.APPROVED, Signup.REJECTED).contains(status)) {
            throw dev.osiris.relay.RelayException.badRequest("status must be pending, approved or rejected");
        }
        signups.list(status)
                .compose(list -> Responses.json(ctx, 200, OperatorRoutes.list("signups", list, Signup::toJson)))
                .onFailure(ctx::fail);
    }

    /** Body: {@code {"partnerId": "...", "role": "admin|operator|readonly"}}; answers the new user. */
    private void approve(RoutingContext ctx) {
        Fields f = new Fields(Json.parseObject(Responses.body(ctx), "approval"), "approval");
        String partner = f.requireName("partnerId", 100);
        Role role = Role.parse(f.requireText("role", 20));
        f.refuseUnknown();
        SecuredRoutes.auditDetails(ctx, Json.object().put("partnerId", partner).put("role", role.wire()));
        signups.approve(ctx.pathParam("signupId"), partner, role, OperatorRoutes.operator(ctx).actor())
                .compose(u -> Responses.json(ctx, 200, u.toJson()))
                .onFailure(ctx::fail);
    }

    private void reject(RoutingContext ctx) {
        signups.reject(ctx.pathParam("signupId"), OperatorRoutes.operator(ctx).actor())
                .compose(s -> Responses.json(ctx, 200, s.toJson()))
                .onFailure(ctx::fail);
    }

    private void allowList(RoutingContext ctx) {
        signups.allowList()
                .compose(list -> Responses.json(ctx, 200, OperatorRoutes.list("domains", list, AllowListEntry::toJson)))
                .onFailure(ctx::fail);
    }

    /** Body: {@code {"domain": "...", "partnerId": "...", "role": "..."}}. */
    private void allow(RoutingContext ctx) {
        Fields f = new Fields(Json.parseObject(Responses.body(ctx), "allow"), "allow");
        String domain = f.requireText("domain", 253);
        String partner = f.requireName("partnerId", 100);
        Role role = f.has("role") ? Role.parse(f.requireText("role", 20)) : Role.READONLY;
        f.refuseUnknown();
        SecuredRoutes.auditDetails(ctx, Json.object().put("domain", domain).put("partnerId", partner)
                .put("role", role.wire()));
        signups.allow(domain, partner, role, OperatorRoutes.operator(ctx).actor())
                .compose(e -> Responses.json(ctx, 201, e.toJson()))
                .onFailure(ctx::fail);
    }

    private void disallow(RoutingContext ctx) {
        signups.disallow(ctx.pathParam("domain"))
                .compose(v -> Responses.noContent(ctx))
                .onFailure(ctx::fail);
    }

    private void settings(RoutingContext ctx) {
        signups.approvalRequired()
                .compose(required -> Responses.json(ctx, 200, Json.object().put("approvalRequired", required)))
                .onFailure(ctx::fail);
    }

    /** Body: {@code {"approvalRequired": true|false}}. */
    private void putSettings(RoutingContext ctx) {
        Fields f = new Fields(Json.parseObject(Responses.body(ctx), "settings"), "settings");
        boolean required = f.requireBoolean("approvalRequired");
        f.refuseUnknown();
        SecuredRoutes.auditDetails(ctx, Json.object().put("approvalRequired", required));
        signups.setApprovalRequired(required)
                .compose(v -> Responses.json(ctx, 200, Json.object().put("approvalRequired", required)))
                .onFailure(ctx::fail);
    }

    private void listPartners(RoutingContext ctx) {
        fleet.partners()
                .compose(list -> Responses.json(ctx, 200, OperatorRoutes.list("partners", list, p -> p.toJson())))
                .onFailure(ctx::fail);
    }

    private void createPartner(RoutingContext ctx) {
        Fields f = new Fields(Json.parseObject(Responses.body(ctx), "partner"), "partner");
        String name = f.requireName("name", 200);
        f.refuseUnknown();
        SecuredRoutes.auditDetails(ctx, Json.object().put("name", name));
        fleet.createPartner(name)
                .compose(id -> Responses.json(ctx, 201, Json.object().put("id", id).put("name", name)))
                .onFailure(ctx::fail);
    }

    private void listUsers(RoutingContext ctx) {
        users.list(Tenant.ANY)
                .compose(list -> Responses.json(ctx, 200, OperatorRoutes.list("users", list, User::toJson)))
                .onFailure(ctx::fail);
    }

    /**
     * Body: {@code {"partnerId", "role", "issuer", "subject", "email"}}: a user known by the provider's issuer and
     * subject; without partner and role, a platform admin.
     */
    private void addUser(RoutingContext ctx) {
        Fields f = new Fields(Json.parseObject(Responses.body(ctx), "user"), "user");
        String partner = f.has("partnerId") ? f.requireName("partnerId", 100) : null;
        Role role = f.has("role") ? Role.parse(f.requireText("role", 20)) : null;
        String issuer = f.requireText("issuer", 500);
        String subject = f.requireText("subject", 500);
        String email = f.optionalText("email", 320, null);
        f.refuseUnknown();
        SecuredRoutes.auditDetails(ctx, Json.object().put("partnerId", partner)
                .put("role", role == null ? User.PLATFORM_ADMIN : role.wire()).put("issuer", issuer)
                .put("subject", subject));
        users.add(partner, role, issuer, subject, email)
                .compose(u -> Responses.json(ctx, 201, u.toJson()))
                .onFailure(ctx::fail);
    }
}
