package dev.osiris.relay.app;

import dev.osiris.protocol.Api;
import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.checkin.ComplianceReport;
import dev.osiris.protocol.checkin.Incident;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.api.SecuredRoutes;
import dev.osiris.relay.auth.Role;
import dev.osiris.relay.identity.User;
import dev.osiris.relay.session.SessionCookie;
import dev.osiris.relay.session.Sessions;
import dev.osiris.testing.Await;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A small DSL for portal tests: people, keys and the credentials they send (key header or session cookie). */
final class Portal {

    /** How a caller authenticates: nothing, a key header, or a session cookie with its CSRF token. */
    record Caller(String label, String key, String cookie, String csrf) {

        static final Caller NOBODY = new Caller("nobody", null, null, null);

        static Caller key(String label, String key) {
            return new Caller(label, key, null, null);
        }

        static Caller session(String label, Sessions.Started s) {
            return new Caller(label, null, s.token(), s.csrfToken());
        }

        Caller withoutCsrf() {
            return new Caller(label + " without CSRF", key, cookie, null);
        }

        Caller withCsrf(String token) {
            return new Caller(label + " with another CSRF token", key, cookie, token);
        }

        Map<String, String> headers() {
            Map<String, String> h = new HashMap<>();
            if (key != null) {
                h.put(Api.API_KEY_HEADER, key);
            }
            if (cookie != null) {
                h.put("Cookie", SessionCookie.PLAIN_NAME + "=" + cookie);
            }
            if (csrf != null) {
                h.put(SecuredRoutes.CSRF_HEADER, csrf);
            }
            return h;
        }
    }

    private final RelayAdmin admin;
    private final Http http;
    private int people;

    Portal(RelayAdmin admin, Http http) {
        this.admin = admin;
        this.http = http;
    }

    User user(String partnerId, Role role) {
        people++;
        return Await.result(admin.addUser(partnerId, role, "https://idp.test/" + partnerId, "subject-" + people
                + "-" + System.nanoTime(), (role == null ? "platform" : role.wire()) + people + "@msp.test"));
    }

    Caller signedIn(String partnerId, Role role) {
        User u = user(partnerId, role);
        return Caller.session((role == null ? "platform admin" : role.wire()) + " (cookie)",
                Await.result(admin.startSession(u.id())));
    }

    Caller keyOf(String partnerId, Role role) {
        return Caller.key(role.wire() + " (key)",
                Await.result(admin.createOperatorKey("key-" + role.wire(), partnerId, role)));
    }

    Http.Reply send(Caller caller, String method, String path, String json) {
        return http.send(method, path, json == null ? null : json.getBytes(StandardCharsets.UTF_8), caller.headers());
    }

    /** A browser's form post: its CSRF token, if any, is a field of {@code body}, never a header. */
    Http.Reply form(Caller caller, String path, String body) {
        Map<String, String> headers = new HashMap<>(caller.withoutCsrf().headers());
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        return http.sendRaw("POST", path, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code body} with the caller's CSRF field added, as the portal's forms send it. */
    static String withCsrf(Caller caller, String body) {
        return body + (body.isEmpty() ? "" : "&") + SecuredRoutes.CSRF_FIELD + "=" + caller.csrf();
    }

    /** A new appliance of the site that escalates {@code incident} (L3) in a signed check-in, as an agent does. */
    TestAppliance escalating(String siteId, Incident incident) {
        TestAppliance appliance = new TestAppliance(Await.result(admin.provisionAppliance(siteId)));
        checkin(appliance, List.of(incident), List.of());
        return appliance;
    }

    /** A signed check-in of {@code appliance}; answers the relay's response, which carries operators' resolutions. */
    CheckinResponse checkin(TestAppliance appliance, List<Incident> incidents, List<String> ackedResolutions) {
        return checkin(appliance, incidents, ComplianceReport.EMPTY, ackedResolutions);
    }

    /** As {@link #checkin(TestAppliance, List, List)}, reporting {@code compliance}. */
    CheckinResponse checkin(TestAppliance appliance, List<Incident> incidents, ComplianceReport compliance,
                            List<String> ackedResolutions) {
        byte[] body = TestAppliance.body(appliance.nextCheckin(List.of(), incidents, compliance, ackedResolutions));
        Http.Reply reply = http.signed(Api.CHECKIN, appliance.apiKey, body, appliance.sign(Api.CHECKIN, body));
        if (reply.status() != 200) {
            throw new AssertionError("check-in refused: " + reply.status() + " " + reply.text());
        }
        return CheckinResponse.fromJson(reply.json());
    }

    /** An L3 incident as an appliance raises it when a heal did not verify. */
    static Incident incident(String id, String host, String runbookId) {
        return new Incident(id, host, runbookId, 1, "high", "heal-failed", "remediation did not verify on " + host,
                Json.object().put("enabled", false), Instant.now().truncatedTo(ChronoUnit.MILLIS), 1);
    }
}
