package dev.osiris.relay.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.RelayException;
import dev.osiris.relay.auth.Permission;
import dev.osiris.relay.auth.Principal;
import dev.osiris.relay.rollout.GroupPolicy;
import dev.osiris.relay.rollout.GroupSize;
import dev.osiris.relay.rollout.RolloutSpec;
import dev.osiris.relay.rollout.RolloutStore;
import dev.osiris.relay.rollout.RolloutTargets;
import dev.osiris.relay.rollout.RolloutView;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * {@code /api/rollouts}: create, list, show (with per-group progress and history), pause, resume (skipping
 * appliances), abort and approve, scoped to the operator key's partner (another partner's rollout is 404).
 */
final class RolloutRoutes {

    static final String ROLLOUTS = "/api/rollouts";

    private final RolloutStore rollouts;
    private final BodyIntake intake;

    RolloutRoutes(RolloutStore rollouts, BodyIntake intake) {
        this.rollouts = rollouts;
        this.intake = intake;
    }

    /** Reading rollouts is a site reader's; creating and steering them changes sites, an operator's. */
    void mount(SecuredRoutes routes) {
        routes.post(ROLLOUTS, Permission.SITE_WRITE).consumes(ApiRouter.JSON)
                .handler(intake.read(OperatorRoutes.BODY_LIMIT)).handler(this::create);
        routes.get(ROLLOUTS, Permission.SITE_READ).handler(ctx -> rollouts.list(operator(ctx).tenant()).compose(list -> {
            ObjectNode json = Json.object();
            ArrayNode array = json.putArray("rollouts");
            list.forEach(r -> array.add(r.toJson()));
            return Responses.json(ctx, 200, json);
        }).onFailure(ctx::fail));
        String one = ROLLOUTS + "/:rolloutId";
        routes.get(one, Permission.SITE_READ).handler(ctx -> respond(ctx, rollouts.show(operator(ctx).tenant(), id(ctx))));
        routes.get(one + "/history", Permission.SITE_READ).handler(ctx -> rollouts.history(operator(ctx).tenant(), id(ctx))
                .compose(lines -> {
                    ObjectNode json = Json.object();
                    lines.forEach(json.putArray("events")::add);
                    return Responses.json(ctx, 200, json);
                }).onFailure(ctx::fail));
        action(routes, one + "/pause", (op, id) -> rollouts.pause(op.tenant(), id, op.actor()));
        action(routes, one + "/abort", (op, id) -> rollouts.abort(op.tenant(), id, op.actor()));
        action(routes, one + "/approve", (op, id) -> rollouts.approve(op.tenant(), id, op.actor()));
        // body (optional): {"skip": ["app-..."]}
        routes.post(one + "/resume", Permission.SITE_WRITE).handler(intake.read(OperatorRoutes.BODY_LIMIT)).handler(ctx -> {
            byte[] body = Responses.body(ctx);
            List<String> skip = List.of();
            if (body.length > 0) {
                Fields f = new Fields(Json.parseObject(body, "resume"), "resume");
                skip = f.optionalList("skip", 10_000, (n, p) -> Fields.name(n.asText(), p));
                f.refuseUnknown();
            }
            Principal op = operator(ctx);
            respond(ctx, rollouts.resume(op.tenant(), id(ctx), skip, op.actor()));
        });
    }

    private void action(SecuredRoutes routes, String path, BiFunction<Principal, String, Future<RolloutView>> change) {
        routes.post(path, Permission.SITE_WRITE).handler(ctx -> respond(ctx, change.apply(operator(ctx), id(ctx))));
    }

    private static void respond(RoutingContext ctx, Future<RolloutView> view) {
        view.compose(v -> Responses.json(ctx, 200, v.toJson())).onFailure(ctx::fail);
    }

    private static String id(RoutingContext ctx) {
        return ctx.pathParam("rolloutId");
    }

    private static Principal operator(RoutingContext ctx) {
        return SecuredRoutes.principal(ctx);
    }

    private void create(RoutingContext ctx) {
        RolloutSpec spec = spec(Json.parseObject(Responses.body(ctx), "rollout"));
        Principal op = operator(ctx);
        rollouts.create(op.tenant(), spec, op.actor())
                .compose(v -> Responses.json(ctx, 201, v.toJson()))
                .onFailure(ctx::fail);
    }

    /**
     * {@code {"release": "1.5.0", "targets": {"all": true} | {"sites": [...]} | {"tag": "t"},
     * "groups": [{"size": "1" | "5%" | "rest", "successThreshold": 100, "errorThreshold": 50, "soakSeconds": 0}],
     * "reportTimeoutSeconds": 3600}}; refused with the field's path.
     */
    static RolloutSpec spec(JsonNode body) {
        Fields f = new Fields(body, "rollout");
        try {
            String release = f.requireName("release", 32);
            Fields t = f.object("targets");
            RolloutTargets targets;
            if (t.has("sites")) {
                targets = RolloutTargets.sites(t.requireList("sites", 10_000, (n, p) -> Fields.name(n.asText(), p)));
            } else if (t.has("tag")) {
                targets = RolloutTargets.tagged(t.requireName("tag", 63));
            } else if (t.has("all") && t.requireBoolean("all")) {
                targets = RolloutTargets.all();
            } else {
                throw new InvalidMessageException("rollout.targets: give all: true, sites or tag");
            }
            t.refuseUnknown();
            List<RolloutSpec.Group> groups = new ArrayList<>(f.requireObjects("groups", 100, g -> {
                RolloutSpec.Group group;
                try {
                    group = new RolloutSpec.Group(GroupSize.parse(g.requireName("size", 8)),
                            new GroupPolicy(g.requireInt("successThreshold", Integer.MIN_VALUE, Integer.MAX_VALUE),
                                    g.requireInt("errorThreshold", Integer.MIN_VALUE, Integer.MAX_VALUE),
                                    Duration.ofSeconds(g.has("soakSeconds") ? g.requireNonNegative("soakSeconds") : 0)));
                } catch (IllegalArgumentException e) {
                    throw new InvalidMessageException(g.path("size").replaceAll("\\.size$", "") + ": " + e.getMessage());
                }
                g.refuseUnknown();
                return group;
            }));
            Duration timeout = Duration.ofSeconds(f.has("reportTimeoutSeconds")
                    ? f.requireNonNegative("reportTimeoutSeconds") : 3_600);
            f.refuseUnknown();
            return new RolloutSpec(release, targets, groups, timeout);
        } catch (InvalidMessageException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw RelayException.badRequest("rollout: " + e.getMessage());
        }
    }
}
