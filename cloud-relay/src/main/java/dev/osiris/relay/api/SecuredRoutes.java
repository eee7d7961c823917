package dev.osiris.relay.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.Api;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.RelayException;
import dev.osiris.relay.audit.AuditLog;
import dev.osiris.relay.auth.Authorization;
import dev.osiris.relay.auth.OperatorAuth;
import dev.osiris.relay.auth.Permission;
import dev.osiris.relay.auth.Principal;
import dev.osiris.relay.session.SessionCookie;
import dev.osiris.relay.session.Sessions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * The one way routes are added to the relay's router: each declares the {@link Permission} it needs, or is refused
 * at build time. For a person's or partner's route the registrar puts in front of the route's own handlers, in this
 * order: the body gate (413 by Content-Length, before any body is read), authentication (a partner API key header or
 * the session cookie, with the same result), the {@link Authorization} decision (401/403), the CSRF check for a
 * cookie-authenticated change (the {@value #CSRF_HEADER} header, or a browser form's {@value #CSRF_FIELD} field,
 * checked as soon as the form is read), and the refusal of control characters in the target. A change that succeeds is
 * written to the audit log with who, what, on what and from where. Public and appliance routes get only the
 * declaration; appliance routes authenticate themselves.
 *
 * <p>A route class mounts with {@code routes.route(HttpMethod.POST, path, Permission.SITE_WRITE).handler(...)}.
 */
public final class SecuredRoutes {

    /** The route metadata key holding the declared {@link Permission}. */
    public static final String PERMISSION = "osiris.permission";
    /** The route metadata key marking a failure handler, which serves no request of its own. */
    public static final String FAILURE = "osiris.failure";
    /** The header carrying the session's CSRF token on a cookie-authenticated change. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private static final String PRINCIPAL = "osiris.principal";
    private static final Logger LOG = Logger.getLogger(SecuredRoutes.class.getName());

    /** A route as the router declares it. */
    public record Declared(HttpMethod method, String path, Permission permission) {
    }

    private final Router router;
    private final OperatorAuth keys;
    private final Sessions sessions;
    private final SessionCookie cookie;
    private final AuditLog audit;
    private final BodyIntake intake;
    private final int bodyLimit;

    SecuredRoutes(Router router, OperatorAuth keys, Sessions sessions, SessionCookie cookie, AuditLog audit,
                  BodyIntake intake, int bodyLimit) {
        this.router = router;
        this.keys = keys;
        this.sessions = sessions;
        this.cookie = cookie;
        this.audit = audit;
        this.intake = intake;
        this.bodyLimit = bodyLimit;
    }

    public Route get(String path, Permission permission) {
        return route(HttpMethod.GET, path, permission);
    }

    public Route post(String path, Permission permission) {
        return route(HttpMethod.POST, path, permission);
    }

    public Route put(String path, Permission permission) {
        return route(HttpMethod.PUT, path, permission);
    }

    public Route patch(String path, Permission permission) {
        return route(HttpMethod.PATCH, path, permission);
    }

    public Route delete(String path, Permission permission) {
        return route(HttpMethod.DELETE, path, permission);
    }

    /**
     * A route of {@code method} on {@code path} that needs {@code permission}.
     *
     * @throws IllegalArgumentException when the permission is missing: no route without one
     */
    public Route route(HttpMethod method, String path, Permission permission) {
        if (permission == null) {
            throw new IllegalArgumentException("route " + method + " " + path + " declares no permission");
        }
        Route route = router.route(method, path).putMetadata(PERMISSION, permission);
        if (permission == Permission.PUBLIC || permission == Permission.APPLIANCE) {
            return route;
        }
        return route.handler(intake.gate(bodyLimit))
                .handler(ctx -> authorize(ctx, permission))
                .handler(this::readForm)
                .handler(SecuredRoutes::checkForm)
                .handler(RequestTargets::refuseControlCharacters);
    }

    /** The router's one failure handler, for every route. */
    void failureHandler(Handler<RoutingContext> handler) {
        router.route().putMetadata(FAILURE, true).failureHandler(handler);
    }

    /** The authenticated principal of a person's or partner's route. */
    public static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    /**
     * Every route of {@code router} with its declared permission.
     *
     * @throws IllegalStateException naming each route that declares none
     */
    public static List<Declared> declared(Router router) {
        List<Declared> out = new ArrayList<>();
        List<String> undeclared = new ArrayList<>();
        for (Route r : router.getRoutes()) {
            if (Boolean.TRUE.equals(r.getMetadata(FAILURE))) {
                continue;
            }
            Permission p = r.getMetadata(PERMISSION);
            String path = r.getPath() == null ? "(every path)" : r.getPath();
            if (p == null || r.methods() == null || r.methods().size() != 1) {
                undeclared.add((r.methods() == null ? "*" : r.methods()) + " " + path);
                continue;
            }
            out.add(new Declared(r.methods().iterator().next(), path, p));
        }
        if (!undeclared.isEmpty()) {
            throw new IllegalStateException("routes without a declared permission: " + undeclared);
        }
        return out;
    }

    private void authorize(RoutingContext ctx, Permission permission) {
        authenticate(ctx.request()).onSuccess(principal -> {
            switch (Authorization.decide(principal.orElse(null), permission)) {
                case UNAUTHENTICATED -> ctx.fail(RelayException.unauthorized(
                        "sign in, or send a partner API key in " + Api.API_KEY_HEADER));
                case FORBIDDEN -> ctx.fail(new RelayException(403, "your role may not do this"));
                case ALLOW -> admit(ctx, principal.orElseThrow());
            }
        }).onFailure(ctx::fail);
    }

    private void admit(RoutingContext ctx, Principal principal) {
        boolean changes = changesState(ctx.request().method());
        String header = ctx.request().getHeader(CSRF_HEADER);
        if (changes && principal.byCookie() && header == null && isForm(ctx.request())) {
            // a browser's form carries its token in the body, checked as soon as the body is read (checkForm)
            ctx.put(FORM_CSRF, principal.csrfToken());
        } else if (changes && principal.byCookie() && !sameToken(principal.csrfToken(), header)) {
            ctx.fail(new RelayException(403, "missing or wrong CSRF token (" + CSRF_HEADER + ")"));
            return;
        }
        ctx.put(PRINCIPAL, principal);
        if (changes) {
            String action = ctx.request().method().name() + " " + ctx.currentRoute().getPath();
            ctx.put(AUDIT, (java.util.function.IntFunction<Future<Void>>) status -> audited(ctx, principal, action,
                    status));
        }
        ctx.next();
    }

    /**
     * A key header wins over the cookie: a request that names a key is judged by that key. A key or cookie that is
     * present but not valid is a 401, never an anonymous request.
     */
    private Future<Optional<Principal>> authenticate(HttpServerRequest request) {
        String key = request.getHeader(Api.API_KEY_HEADER);
        String authorization = request.getHeader("Authorization");
        if (key != null || authorization != null) {
            return keys.authenticate(key, authorization).map(o -> Optional.of(o.principal()));
        }
        String token = cookie.read(request);
        if (token == null) {
            return Future.succeededFuture(Optional.empty());
        }
        return sessions.resolve(token).map(p -> Optional.of(p.orElseThrow(() -> RelayException.unauthorized(
                "your session has ended; sign in again"))));
    }

    /**
     * Writes the audit row of a change that succeeded, before its answer is sent (see {@link Responses}), so that
     * a client that reads the log after the answer finds the row. A route that answers by itself (a page's redirect)
     * calls this first. A row that cannot be written is logged; the
     * change itself is committed already, so the answer still says so.
     */
    public static Future<Void> beforeAnswer(RoutingContext ctx, int status) {
        java.util.function.IntFunction<Future<Void>> hook = ctx.get(AUDIT);
        // success: 2xx, or a form's 303 back to its page
        if (hook == null || status < 200 || status >= 300 && status != 303) {
            return Future.succeededFuture();
        }
        ctx.remove(AUDIT);
        return hook.apply(status);
    }

    private Future<Void> audited(RoutingContext ctx, Principal principal, String action, int status) {
        Map<String, String> params = new TreeMap<>(ctx.pathParams());
        StringBuilder subject = new StringBuilder();
        params.forEach((k, v) -> subject.append(subject.isEmpty() ? "" : " ").append(k).append('=').append(v));
        ObjectNode details = Json.object().put("status", status);
        Object extra = ctx.get(AUDIT_DETAILS);
        if (extra instanceof ObjectNode node) {
            details.setAll(node);
        }
        String source = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        return audit.record(principal.tenant() == null ? null : principal.tenant().partnerId(), principal.actor(),
                        action, subject.toString(),
                        source, details)
                .recover(e -> {
                    LOG.severe("audit row not written for " + principal.actor() + " "
                        + ctx.request().method() + " " + ctx.request().path() + ": " + e.getMessage());
                    return Future.succeededFuture();
                });
    }

    private static final String AUDIT_DETAILS = "osiris.audit.details";
    private static final String AUDIT = "osiris.audit";

    /** What a route adds to its audit row (never a secret), e.g. a user's new role. */
    public static void auditDetails(RoutingContext ctx, ObjectNode details) {
        ctx.put(AUDIT_DETAILS, details);
    }

    /** The form field that carries the session's CSRF token in a browser's form. */
    public static final String CSRF_FIELD = "_csrf";
    private static final String FORM_CSRF = "osiris.form.csrf";
    private static final String FORM = "osiris.form";

    /** The fields of a form the route received ({@code application/x-www-form-urlencoded}); empty if none. */
    public static Map<String, String> form(RoutingContext ctx) {
        Map<String, String> form = ctx.get(FORM);
        return form == null ? Map.of() : form;
    }

    private void readForm(RoutingContext ctx) {
        if (changesState(ctx.request().method()) && isForm(ctx.request())) {
            intake.read(bodyLimit).handle(ctx);
        } else {
            ctx.next();
        }
    }

    private static void checkForm(RoutingContext ctx) {
        if (!(changesState(ctx.request().method()) && isForm(ctx.request()))) {
            ctx.next();
            return;
        }
        Map<String, String> form = FormBody.parse(BodyIntake.body(ctx));
        String expected = ctx.get(FORM_CSRF);
        if (expected != null && !sameToken(expected, form.get(CSRF_FIELD))) {
            ctx.fail(new RelayException(403, "missing or wrong CSRF token (" + CSRF_FIELD + ")"));
            return;
        }
        ctx.put(FORM, form);
        ctx.next();
    }

    private static boolean isForm(HttpServerRequest request) {
        String type = request.getHeader("Content-Type");
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private static boolean changesState(HttpMethod method) {
        return !(method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS);
    }

    private static boolean sameToken(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
