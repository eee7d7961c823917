package dev.osiris.relay.api;

import dev.osiris.protocol.json.Json;
import dev.osiris.relay.incidents.Incidents;
import dev.osiris.relay.incidents.ResolveRequest;
import dev.osiris.relay.runbooks.SiteRunbooks;
import dev.osiris.relay.store.CheckinStore;
import dev.osiris.relay.store.StoredIncident;
import dev.osiris.relay.auth.Permission;
import io.vertx.ext.web.RoutingContext;

/**
 * The operator API for drift and healing under {@code /api/sites/:siteId}: the site's runbooks, its incidents and
 * their resolution, and its compliance. Each route declares its permission to {@link SecuredRoutes}.
 */
final class HealingRoutes {

    private final SiteRunbooks runbooks;
    private final Incidents incidents;
    private final CheckinStore checkins;
    private final BodyIntake intake;

    HealingRoutes(SiteRunbooks runbooks, Incidents incidents, CheckinStore checkins, BodyIntake intake) {
        this.runbooks = runbooks;
        this.incidents = incidents;
        this.checkins = checkins;
        this.intake = intake;
    }

    void mount(SecuredRoutes routes, String site) {
        routes.get(site + "/runbooks", Permission.SITE_READ).handler(this::getRunbooks);
        routes.put(site + "/runbooks", Permission.SITE_WRITE).consumes(ApiRouter.JSON)
                .handler(intake.read(OperatorRoutes.BODY_LIMIT)).handler(this::putRunbooks);
        routes.get(site + "/incidents", Permission.SITE_READ).handler(this::listIncidents);
        routes.get(site + "/incidents/:incidentId", Permission.SITE_READ).handler(this::getIncident);
        routes.post(site + "/incidents/:incidentId/resolve", Permission.SITE_WRITE).consumes(ApiRouter.JSON)
                .handler(intake.read(OperatorRoutes.BODY_LIMIT)).handler(this::resolve);
        routes.get(site + "/compliance", Permission.SITE_READ).handler(this::compliance);
    }

    private void getRunbooks(RoutingContext ctx) {
        runbooks.view(OperatorRoutes.tenant(ctx), ctx.pathParam("siteId"))
                .compose(json -> Responses.json(ctx, 200, json))
                .onFailure(ctx::fail);
    }

    private void putRunbooks(RoutingContext ctx) {
        runbooks.update(OperatorRoutes.tenant(ctx), ctx.pathParam("siteId"), Json.parseObject(Responses.body(ctx), "runbooks"))
                .compose(json -> Responses.json(ctx, 200, json))
                .onFailure(ctx::fail);
    }

    private void listIncidents(RoutingContext ctx) {
        incidents.list(OperatorRoutes.tenant(ctx), ctx.pathParam("siteId"), ctx.queryParams().get("status"))
                .compose(list -> Responses.json(ctx, 200, OperatorRoutes.list("incidents", list,
                        StoredIncident::toJson)))
                .onFailure(ctx::fail);
    }

    private void getIncident(RoutingContext ctx) {
        incidents.get(OperatorRoutes.tenant(ctx), ctx.pathParam("siteId"), ctx.pathParam("incidentId"))
                .compose(incident -> Responses.json(ctx, 200, incident.toJson()))
                .onFailure(ctx::fail);
    }

    private void resolve(RoutingContext ctx) {
        ResolveRequest request = ResolveRequest.fromJson(Json.parseObject(Responses.body(ctx), "resolution"));
        incidents.resolve(OperatorRoutes.tenant(ctx), ctx.pathParam("siteId"), ctx.pathParam("incidentId"), request,
                        OperatorRoutes.operator(ctx).name())
                .compose(incident -> Responses.json(ctx, 200, incident.toJson()))
                .onFailure(ctx::fail);
    }

    private void compliance(RoutingContext ctx) {
        checkins.compliance(OperatorRoutes.tenant(ctx), ctx.pathParam("siteId"))
                .compose(report -> Responses.json(ctx, 200, report.toJson()))
                .onFailure(ctx::fail);
    }
}
