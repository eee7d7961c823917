package dev.osiris.relay.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.Api;
import dev.osiris.protocol.checkin.ReplacedChain;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.RelayException;
import dev.osiris.relay.auth.Permission;
import dev.osiris.relay.auth.Principal;
import dev.osiris.relay.fleet.Fleet;
import dev.osiris.relay.store.CredentialSpec;
import dev.osiris.relay.store.SitePatch;
import dev.osiris.relay.store.Tenant;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.function.Function;

/** The partner API under {@code /api/sites}, scoped to the partner of the API key or signed-in user. */
final class OperatorRoutes {

    /** Largest body of the operator API (its routes and {@link HealingRoutes}'). */
    static final int BODY_LIMIT = 64 * 1024;

    private final Fleet fleet;
    private final BodyIntake intake;

    OperatorRoutes(Fleet fleet, BodyIntake intake) {
        this.fleet = fleet;
        this.intake = intake;
    }

    void mount(SecuredRoutes routes) {
        String site = Api.SITES + "/:siteId";
        Handler<RoutingContext> json = intake.read(BODY_LIMIT);
        routes.post(Api.SITES, Permission.SITE_WRITE).consumes(ApiRouter.JSON).handler(json).handler(this::createSite);
        routes.get(Api.SITES, Permission.SITE_READ).handler(this::listSites);
        routes.get(site, Permission.SITE_READ).handler(this::getSite);
        routes.patch(site, Permission.SITE_WRITE).consumes(ApiRouter.JSON).handler(json).handler(this::patchSite);
        routes.post(site + "/appliances", Permission.SITE_WRITE).handler(this::provision);
        routes.get(site + "/appliances", Permission.SITE_READ).handler(this::listAppliances);
        // the reason is optional, so the body (and its Content-Type) may be absent
        routes.post(site + "/appliances/:applianceId/replace", Permission.SITE_WRITE).handler(json)
                .handler(this::replace);
        routes.post(site + "/scan", Permission.SITE_WRITE).handler(this::scanNow);
        routes.post(site + "/credentials", Permission.SITE_WRITE).consumes(ApiRouter.JSON).handler(json)
                .handler(this::addCredential);
        routes.get(site + "/credentials", Permission.SITE_READ).handler(this::listCredentials);
        routes.delete(site + "/credentials/:credentialId", Permission.SITE_WRITE).handler(this::deleteCredential);
        routes.get(site + "/evidence", Permission.SITE_READ).handler(this::evidence);
    }

    private void createSite(RoutingContext ctx) {
        Fields f = new Fields(Json.parseObject(Responses.body(ctx), "site"), "site");
        String name = f.requireName("name", 200);
        f.refuseUnknown();
        fleet.createSite(tenant(ctx), name)
                .compose(s -> Responses.json(ctx, 201, s.toJson()))
                .onFailure(ctx::fail);
    }

    private void listSites(RoutingContext ctx) {
        fleet.listSites(tenant(ctx))
                .compose(sites -> Responses.json(ctx, 200, list("sites", sites, s -> s.toJson())))
                .onFailure(ctx::fail);
    }

    private void getSite(RoutingContext ctx) {
        fleet.site(tenant(ctx), ctx.pathParam("siteId"))
                .compose(s -> Responses.json(ctx, 200, s.toJson()))
                .onFailure(ctx::fail);
    }

    private void patchSite(RoutingContext ctx) {
        SitePatch patch = SitePatch.fromJson(Json.parseObject(Responses.body(ctx), "site"));
        fleet.updateSite(tenant(ctx), ctx.pathParam("siteId"), patch)
                .compose(s -> Responses.json(ctx, 200, s.toJson()))
                .onFailure(ctx::fail);
    }

    private void provision(RoutingContext ctx) {
        fleet.provision(tenant(ctx), ctx.pathParam("siteId"))
                .compose(p -> Responses.json(ctx, 201, Json.object().put("applianceId", p.applianceId())
                        .put("apiKey", p.apiKey())))
                .onFailure(ctx::fail);
    }

    /** Body (optional): {@code {"reason": "..."}}; answers the successor's id and its API key, shown once. */
    private void replace(RoutingContext ctx) {
        byte[] body = Responses.body(ctx);
        String reason = body.length == 0 ? ""
                : new Fields(Json.parseObject(body), "replace").optionalText("reason", ReplacedChain.MAX_REASON, "");
        Principal operator = operator(ctx);
        String siteId = ctx.pathParam("siteId");
        String applianceId = ctx.pathParam("applianceId");
        fleet.appliance(operator.tenant(), applianceId)
                .compose(a -> {
                    if (!a.siteId().equals(siteId)) {
                        throw RelayException.notFound("appliance " + applianceId + " not found at site " + siteId);
                    }
                    return fleet.replace(operator.tenant(), applianceId, operator.actor(), reason);
                })
                .compose(r -> Responses.json(ctx, 201, Json.object().put("applianceId", r.applianceId())
                        .put("apiKey", r.apiKey()).put("replaces", r.replacedId())))
                .onFailure(ctx::fail);
    }



    private void listAppliances(RoutingContext ctx) {
        fleet.appliances(tenant(ctx), ctx.pathParam("siteId"))
                .compose(list -> Responses.json(ctx, 200, list("appliances", list, a -> a.toJson())))
                .onFailure(ctx::fail);
    }

    /** Orders every appliance of the site to scan all its hosts now (delivered with each one's next check-in). */
    private void scanNow(RoutingContext ctx) {
        Tenant tenant = tenant(ctx);
        fleet.appliances(tenant, ctx.pathParam("siteId"))
                .compose(list -> io.vertx.core.Future.all(list.stream()
                        .map(a -> fleet.addOrder(tenant, a.id(), "scan", dev.osiris.protocol.json.Json.object())).toList()))
                .compose(all -> {
                    com.fasterxml.jackson.databind.node.ObjectNode body = dev.osiris.protocol.json.Json.object();
                    com.fasterxml.jackson.databind.node.ArrayNode orders = body.putArray("orders");
                    all.<String>list().forEach(orders::add);
                    return Responses.json(ctx, 202, body);
                })
                .onFailure(ctx::fail);
    }

    private void addCredential(RoutingContext ctx) {
        CredentialSpec spec = CredentialSpec.fromJson(Json.parseObject(Responses.body(ctx), "credential"));
        fleet.addCredential(tenant(ctx), ctx.pathParam("siteId"), spec, "operator:" + operator(ctx).name())
                .compose(id -> Responses.json(ctx, 201, Json.object().put("id", id)))
                .onFailure(ctx::fail);
    }

    private void listCredentials(RoutingContext ctx) {
        fleet.credentials(tenant(ctx), ctx.pathParam("siteId"))
                .compose(list -> Responses.json(ctx, 200, list("credentials", list, c -> c.toJson())))
                .onFailure(ctx::fail);
    }

    private void deleteCredential(RoutingContext ctx) {
        fleet.deleteCredential(tenant(ctx), ctx.pathParam("siteId"), ctx.pathParam("credentialId"))
                .compose(v -> Responses.noContent(ctx))
                .onFailure(ctx::fail);
    }

    private void evidence(RoutingContext ctx) {
        String appliance = ctx.queryParams().get("appliance");
        if (appliance == null || appliance.isBlank()) {
            throw RelayException.badRequest("query parameter appliance is required");
        }
        long after = longParam(ctx, "after", 0);
        int limit = (int) Math.min(Integer.MAX_VALUE, longParam(ctx, "limit", 1000));
        fleet.evidence(tenant(ctx), ctx.pathParam("siteId"), appliance, after, limit)
                .compose(page -> {
                    ObjectNode json = Json.object().put("applianceId", page.applianceId())
                            .put("publicKey", page.publicKey());
                    ArrayNode records = json.putArray("records");
                    page.records().forEach(r -> records.add(r.toJson()));
                    return Responses.json(ctx, 200, json);
                })
                .onFailure(ctx::fail);
    }

    static long longParam(RoutingContext ctx, String name, long fallback) {
        String value = ctx.queryParams().get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw RelayException.badRequest("query parameter " + name + " must be an integer");
        }
    }

    /** The tenant of the authenticated partner key or user; only on routes that need a partner permission. */
    static Tenant tenant(RoutingContext ctx) {
        return operator(ctx).tenant();
    }

    static Principal operator(RoutingContext ctx) {
        return SecuredRoutes.principal(ctx);
    }

    static <T> ObjectNode list(String field, List<T> items, Function<T, ObjectNode> toJson) {
        ObjectNode json = Json.object();
        ArrayNode array = json.putArray(field);
        items.forEach(i -> array.add(toJson.apply(i)));
        return json;
    }
}
