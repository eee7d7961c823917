package dev.osiris.relay.api;

import dev.osiris.protocol.Api;
import dev.osiris.relay.auth.Permission;
import dev.osiris.relay.rollout.FleetUpdates;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every route of the relay's router declares the permission it needs: deny by default, checked on the real router. */
class RoutePermissionsTest {

    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    /** The relay's router, built with its real route classes; no handler runs, so the stores may be absent. */
    static Router relayRouter(Vertx vertx) {
        ApiRouter.Services services = new ApiRouter.Services(null, null, null, null, null, null, null, null, null,
                1024, 1024, null, null, null, Optional.empty(), Duration.ofMinutes(5), HttpEdgeConfig.defaults(),
                Clock.systemUTC(), null, null, null, null, null, null, null, null, FleetUpdates.unwired());
        return new ApiRouter(services).build(vertx);
    }

    @Test
    void everyRouteOfTheRelayDeclaresAPermission() {
        Router router = relayRouter(vertx);
        List<SecuredRoutes.Declared> declared = SecuredRoutes.declared(router);
        // every route but the failure handler is declared, each with one method and a path
        assertThat(declared).hasSize(router.getRoutes().size() - 1);
        assertThat(declared).contains(
                new SecuredRoutes.Declared(HttpMethod.GET, Api.HEALTH, Permission.PUBLIC),
                new SecuredRoutes.Declared(HttpMethod.POST, Api.CHECKIN, Permission.APPLIANCE),
                new SecuredRoutes.Declared(HttpMethod.GET, Api.SITES, Permission.SITE_READ),
                new SecuredRoutes.Declared(HttpMethod.POST, Api.SITES + "/:siteId/credentials", Permission.SITE_WRITE),
                new SecuredRoutes.Declared(HttpMethod.DELETE, Api.KEYS + "/:keyId", Permission.TEAM_ADMIN),
                new SecuredRoutes.Declared(HttpMethod.PATCH, Api.KEYS + "/:keyId", Permission.TEAM_ADMIN),
                new SecuredRoutes.Declared(HttpMethod.GET, TeamRoutes.AUDIT, Permission.AUDIT_READ),
                new SecuredRoutes.Declared(HttpMethod.POST, "/portal/sites/:siteId/runbooks", Permission.SITE_WRITE),
                new SecuredRoutes.Declared(HttpMethod.POST, "/portal/sites/:siteId/settings", Permission.SITE_WRITE),
                new SecuredRoutes.Declared(HttpMethod.POST, "/portal/sites/:siteId/incidents/:incidentId/resolve",
                        Permission.SITE_WRITE),
                new SecuredRoutes.Declared(HttpMethod.POST, "/portal/team/keys", Permission.TEAM_ADMIN),
                new SecuredRoutes.Declared(HttpMethod.POST, "/portal/team/keys/:keyId/rename", Permission.TEAM_ADMIN),
                new SecuredRoutes.Declared(HttpMethod.POST, "/portal/team/keys/:keyId/revoke", Permission.TEAM_ADMIN),
                new SecuredRoutes.Declared(HttpMethod.POST, "/portal/team/users/:userId/role", Permission.TEAM_ADMIN),
                new SecuredRoutes.Declared(HttpMethod.POST, "/portal/team/users/:userId/remove", Permission.TEAM_ADMIN),
                new SecuredRoutes.Declared(HttpMethod.GET, ReleaseRoutes.RELEASES + "/:version/image", Permission.APPLIANCE),
                new SecuredRoutes.Declared(HttpMethod.PUT, FleetSettingsRoutes.WINDOW, Permission.SITE_WRITE),
                new SecuredRoutes.Declared(HttpMethod.DELETE, FleetSettingsRoutes.WINDOW, Permission.SITE_WRITE),
                new SecuredRoutes.Declared(HttpMethod.POST, FleetSettingsRoutes.TAGS, Permission.SITE_WRITE),
                new SecuredRoutes.Declared(HttpMethod.GET, PlatformRoutes.PLATFORM + "/partners",
                        Permission.PLATFORM_ADMIN));
    }

    @Test
    void aRouteAddedBesideTheRegistrarIsFound() {
        Router router = relayRouter(vertx);
        router.get("/api/sneaky").handler(ctx -> ctx.response().end("open"));
        assertThatThrownBy(() -> SecuredRoutes.declared(router))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/api/sneaky");
    }

    @Test
    void theRegistrarRefusesARouteWithoutAPermission() {
        SecuredRoutes routes = new SecuredRoutes(Router.router(vertx), null, null, null, null, null, 1024);
        assertThatThrownBy(() -> routes.get("/api/releases", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GET /api/releases declares no permission");
    }
}
