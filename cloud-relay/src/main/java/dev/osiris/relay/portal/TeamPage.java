package dev.osiris.relay.portal;

import dev.osiris.protocol.json.Json;
import dev.osiris.relay.RelayException;
import dev.osiris.relay.api.SecuredRoutes;
import dev.osiris.relay.auth.ApiKeys;
import dev.osiris.relay.auth.Permission;
import dev.osiris.relay.auth.Principal;
import dev.osiris.relay.auth.Role;
import dev.osiris.relay.store.Tenant;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static dev.osiris.relay.portal.PageAnswers.redirect;
import static dev.osiris.relay.portal.PageAnswers.tenant;

/**
 * The team page, for a partner's admins: people and their roles (change, remove: either ends that person's sessions
 * at once), and API keys (create with a name and a role, shown once; rename; revoke). The same stores as the team
 * API; another partner's user or key answers 404.
 */
final class TeamPage {

    static final String TEAM = PortalPages.PORTAL + "/team";

    /** A key created just now, shown on the page that answers its creation and never again. */
    record NewKey(String id, String name, String role, String apiKey) {
    }

    private final PortalPages.Services s;
    private final PageAnswers answers;

    TeamPage(PortalPages.Services services, PageAnswers answers) {
        this.s = services;
        this.answers = answers;
    }

    void mount(SecuredRoutes routes) {
        routes.get(TEAM, Permission.TEAM_ADMIN).handler(ctx -> render(ctx, 200, null));
        routes.post(TEAM + "/users/:userId/role", Permission.TEAM_ADMIN).handler(this::changeRole);
        routes.post(TEAM + "/users/:userId/remove", Permission.TEAM_ADMIN).handler(this::remove);
        routes.post(TEAM + "/keys", Permission.TEAM_ADMIN).handler(this::createKey);
        routes.post(TEAM + "/keys/:keyId/rename", Permission.TEAM_ADMIN).handler(this::renameKey);
        routes.post(TEAM + "/keys/:keyId/revoke", Permission.TEAM_ADMIN).handler(this::revokeKey);
    }

    /** The page; with {@code created} it answers that key's creation (audited first) and shows the key once. */
    private void render(RoutingContext ctx, int status, NewKey created) {
        Tenant t = tenant(ctx);
        Future.all(s.users().list(t), s.fleet().keys(t)).map(all -> {
            Map<String, Object> v = new HashMap<>();
            v.put("users", all.resultAt(0));
            v.put("keys", all.resultAt(1));
            v.put("myId", SecuredRoutes.principal(ctx).id());
            v.put("roles", Arrays.stream(Role.values()).map(Role::wire).toList());
            if (created != null) {
                v.put("newKey", created);
            }
            return v;
        }).onSuccess(v -> {
            if (created == null) {
                answers.page(ctx, "team", v);
            } else {
                answers.changedPage(ctx, status, "team", v);
            }
        }).onFailure(ctx::fail);
    }

    private void changeRole(RoutingContext ctx) {
        Role role = Role.parse(field(ctx, "role"));
        SecuredRoutes.auditDetails(ctx, Json.object().put("role", role.wire()));
        s.users().changeRole(tenant(ctx), ctx.pathParam("userId"), role)
                .onSuccess(u -> redirect(ctx, 303, TEAM))
                .onFailure(ctx::fail);
    }

    private void remove(RoutingContext ctx) {
        s.users().remove(tenant(ctx), ctx.pathParam("userId"))
                .onSuccess(u -> redirect(ctx, 303, TEAM))
                .onFailure(ctx::fail);
    }

    private void createKey(RoutingContext ctx) {
        String name = field(ctx, "name");
        Role role = Role.parse(field(ctx, "role"));
        SecuredRoutes.auditDetails(ctx, Json.object().put("name", name).put("role", role.wire()));
        s.fleet().createOperatorKey(name, tenant(ctx).partnerId(), role)
                .onSuccess(key -> render(ctx, 201, new NewKey(ApiKeys.operatorKeyId(key), name.strip(), role.wire(),
                        key)))
                .onFailure(ctx::fail);
    }

    private void renameKey(RoutingContext ctx) {
        String name = field(ctx, "name");
        SecuredRoutes.auditDetails(ctx, Json.object().put("name", name));
        s.fleet().renameKey(tenant(ctx), ctx.pathParam("keyId"), name)
                .onSuccess(v -> redirect(ctx, 303, TEAM))
                .onFailure(ctx::fail);
    }

    private void revokeKey(RoutingContext ctx) {
        Principal me = SecuredRoutes.principal(ctx);
        s.fleet().revokeKey(me.tenant(), ctx.pathParam("keyId"), me.actor())
                .onSuccess(v -> redirect(ctx, 303, TEAM))
                .onFailure(ctx::fail);
    }

    /** A field the form must have; a form posted without it is refused by name. */
    private static String field(RoutingContext ctx, String name) {
        String value = SecuredRoutes.form(ctx).get(name);
        if (value == null) {
            throw RelayException.badRequest("form field " + name + " is missing");
        }
        return value;
    }
}
