package dev.osiris.relay.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.Api;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.RelayException;
import dev.osiris.relay.auth.Permission;
import dev.osiris.relay.auth.Principal;
import dev.osiris.relay.rollout.MaintenanceWindow;
import dev.osiris.relay.rollout.RolloutStore;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * What rollouts read from the fleet, set by an operator ({@link Permission#SITE_WRITE}) of the site's partner:
 * a site's maintenance window ({@code PUT}/{@code DELETE .../sites/:siteId/maintenance-window}) and an appliance's
 * tags ({@code POST .../appliances/:applianceId/tags}). Another partner's site or appliance answers 404.
 */
final class FleetSettingsRoutes {

    static final String WINDOW = Api.SITES + "/:siteId/maintenance-window";
    static final String TAGS = "/api/appliances/:applianceId/tags";

    private final RolloutStore rollouts;
    private final BodyIntake intake;

    FleetSettingsRoutes(RolloutStore rollouts, BodyIntake intake) {
        this.rollouts = rollouts;
        this.intake = intake;
    }

    void mount(SecuredRoutes routes) {
        routes.put(WINDOW, Permission.SITE_WRITE).consumes(ApiRouter.JSON)
                .handler(intake.read(OperatorRoutes.BODY_LIMIT)).handler(this::setWindow);
        routes.delete(WINDOW, Permission.SITE_WRITE).handler(ctx -> answer(ctx,
                rollouts.setWindow(operator(ctx).tenant(), ctx.pathParam("siteId"), Optional.empty()),
                Json.object().put("siteId", ctx.pathParam("siteId")).putNull("window")));
        routes.post(TAGS, Permission.SITE_WRITE).consumes(ApiRouter.JSON)
                .handler(intake.read(OperatorRoutes.BODY_LIMIT)).handler(this::tag);
    }

    /** Body: {@code {"zone": "Europe/Berlin", "days": "mon-fri", "hours": "22:00-05:00"}}. */
    private void setWindow(RoutingContext ctx) {
        Fields f = new Fields(Json.parseObject(Responses.body(ctx), "window"), "window");
        String zone = f.requireText("zone", 64);
        String days = f.requireText("days", 64);
        String hours = f.requireText("hours", 16);
        f.refuseUnknown();
        MaintenanceWindow w;
        try {
            w = MaintenanceWindow.parse(zone, days, hours);
        } catch (RuntimeException e) {
            throw RelayException.badRequest("window: " + e.getMessage());
        }
        answer(ctx, rollouts.setWindow(operator(ctx).tenant(), ctx.pathParam("siteId"), Optional.of(w)),
                Json.object().put("siteId", ctx.pathParam("siteId")).set("window", Json.object().put("zone", zone)
                        .put("days", days).put("hours", hours)));
    }

    /** Body: {@code {"tag": "pilot"}}. */
    private void tag(RoutingContext ctx) {
        Fields f = new Fields(Json.parseObject(Responses.body(ctx), "tag"), "tag");
        String tag = f.requireText("tag", 63);
        f.refuseUnknown();
        answer(ctx, rollouts.tag(operator(ctx).tenant(), ctx.pathParam("applianceId"), tag),
                Json.object().put("applianceId", ctx.pathParam("applianceId")).put("tag", tag));
    }

    private static void answer(RoutingContext ctx, Future<Void> change, ObjectNode json) {
        change.compose(v -> Responses.json(ctx, 200, json)).onFailure(ctx::fail);
    }

    private static Principal operator(RoutingContext ctx) {
        return SecuredRoutes.principal(ctx);
    }
}
