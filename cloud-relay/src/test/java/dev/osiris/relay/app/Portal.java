package dev.osiris.relay.app;

import dev.osiris.protocol.Api;
import dev.osiris.relay.api.SecuredRoutes;
import dev.osiris.relay.auth.Role;
import dev.osiris.relay.identity.User;
import dev.osiris.relay.session.SessionCookie;
import dev.osiris.relay.session.Sessions;
import dev.osiris.testing.Await;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
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
}
