package dev.osiris.relay.api;

import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.auth.Permission;
import dev.osiris.relay.auth.Role;
import dev.osiris.relay.fleet.Fleet;
import dev.osiris.relay.identity.User;
import dev.osiris.relay.identity.UserStore;
import dev.osiris.relay.store.Tenant;
import io.vertx.ext.web.RoutingContext;

/** The relay operator's own staff: partners and every user. No partner data (sites and below) is reachable here. */
final class PlatformRoutes {

    static final String PLATFORM = "/api/platform";

    private final Fleet fleet;
    private final UserStore users;
    private final BodyIntake intake;

    PlatformRoutes(Fleet fleet, UserStore users, BodyIntake intake) {
        this.fleet = fleet;
        this.users = users;
        this.intake = intake;
    }

    void mount(SecuredRoutes routes) {
        routes.get(PLATFORM + "/partners", Permission.PLATFORM_ADMIN).handler(this::listPartners);
        routes.post(PLATFORM + "/partners", Permission.PLATFORM_ADMIN).consumes(ApiRouter.JSON)
                .handler(intake.read(OperatorRoutes.BODY_LIMIT)).handler(this::createPartner);
        routes.get(PLATFORM + "/users", Permission.PLATFORM_ADMIN).handler(this::listUsers);
        routes.post(PLATFORM + "/users", Permission.PLATFORM_ADMIN).consumes(ApiRouter.JSON)
                .handler(intake.read(OperatorRoutes.BODY_LIMIT)).handler(this::addUser);
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
