package dev.osiris.relay.session;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;

/**
 * The session cookie: {@code __Host-osiris-session} over HTTPS (Secure, Path=/, no Domain: the browser holds it
 * to this host), {@code osiris-session} on a plain-HTTP loopback relay; always HttpOnly and SameSite=Lax.
 */
public final class SessionCookie {

    public static final String SECURE_NAME = "__Host-osiris-session";
    public static final String PLAIN_NAME = "osiris-session";

    private final boolean secure;

    public SessionCookie(boolean secure) {
        this.secure = secure;
    }

    public String name() {
        return secure ? SECURE_NAME : PLAIN_NAME;
    }

    /** The cookie's token, or null. */
    public String read(HttpServerRequest request) {
        Cookie cookie = request.getCookie(name());
        return cookie == null ? null : cookie.getValue();
    }

    /** A cookie that lives as long as the browser (the server ends the session), holding {@code token}. */
    public Cookie issue(String token) {
        return Cookie.cookie(name(), token).setPath("/").setHttpOnly(true).setSecure(secure)
                .setSameSite(CookieSameSite.LAX);
    }

    /** A cookie that makes the browser drop the session's. */
    public Cookie clear() {
        return issue("").setMaxAge(0);
    }
}
