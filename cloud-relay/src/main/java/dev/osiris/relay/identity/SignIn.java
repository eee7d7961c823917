package dev.osiris.relay.identity;

import com.nimbusds.jose.jwk.JWKSet;
import dev.osiris.relay.RelayException;
import dev.osiris.relay.auth.ApiKeys;
import dev.osiris.protocol.evidence.EvidenceCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2AuthorizationURL;
import io.vertx.ext.auth.oauth2.OAuth2FlowType;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.Oauth2Credentials;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * OpenID Connect sign-in (RFC 9700, OIDC Core): the authorization code flow with PKCE S256, a single-use
 * {@code state} that expires after {@link #FLOW_LIFETIME} and is kept in PostgreSQL, a {@code nonce} checked in the ID
 * token, and the ID token verified by {@link IdTokenVerifier} against the provider's published keys. Providers are
 * discovered (vertx-auth-oauth2) on first use; vertx-auth-oauth2 also makes the code exchange.
 */
public final class SignIn {

    public static final Duration FLOW_LIFETIME = Duration.ofMinutes(10);
    /** Every call to a provider (discovery, keys, code exchange) gives up after this. */
    static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(SignIn.class.getName());

    private record Discovered(OAuth2Auth oauth2, JWKSet keys, String jwksUri) {
    }

    private final Vertx vertx;
    private final PortalConfig config;
    private final SignInFlows flows;
    private final SecureRandom random;
    private final Clock clock;
    private final HttpClient http;
    private final Map<String, OidcProvider> providers = new LinkedHashMap<>();
    private final Map<String, Future<Discovered>> discovered = new ConcurrentHashMap<>();

    public SignIn(Vertx vertx, PortalConfig config, SignInFlows flows, SecureRandom random, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.flows = flows;
        this.random = random;
        this.clock = clock;
        config.providers().forEach(p -> {
            if (p.name().equals(SignInFlows.ONE_TIME_PROVIDER)) {
                throw new IllegalArgumentException("oidc: no provider may be named " + p.name());
            }
            providers.put(p.name(), p);
        });
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) PROVIDER_TIMEOUT.toMillis())
                .setIdleTimeout((int) PROVIDER_TIMEOUT.toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS));
    }

    public List<OidcProvider> providers() {
        return List.copyOf(providers.values());
    }

    /**
     * Begins a sign-in: a new state, nonce and PKCE verifier, stored; answers the provider's authorization URL.
     *
     * @return fails with 404 for an unknown provider, 400 for a {@code next} that is not a local path, 503 when the
     *         provider cannot be discovered
     */
    public Future<String> begin(String providerName, String next) {
        OidcProvider provider = providers.get(providerName);
        if (provider == null) {
            return Future.failedFuture(RelayException.notFound("no sign-in provider " + providerName));
        }
        String safeNext;
        try {
            safeNext = SafeNext.of(next);
        } catch (RelayException e) {
            return Future.failedFuture(e);
        }
        String state = random(32);
        String nonce = random(32);
        String verifier = random(48); // 64 characters, RFC 7636's upper half
        String challenge = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(EvidenceCodec.sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
        Instant now = clock.instant();
        // flows that ended long ago go as new ones begin: one indexed DELETE, so the table stays small
        return discover(provider)
                .compose(d -> flows.forgetBefore(now.minus(FLOW_LIFETIME))
                        .compose(v -> flows.begin(ApiKeys.sha256Hex(state), provider.name(), verifier, nonce,
                                safeNext, now, now.plus(FLOW_LIFETIME)))
                        .map(v -> d))
                .map(d -> d.oauth2().authorizeURL(new OAuth2AuthorizationURL()
                        .setRedirectUri(config.callback(provider))
                        .setScopes(List.of("openid", "email", "profile"))
                        .setState(state)
                        .setCodeChallenge(challenge)
                        .setCodeChallengeMethod("S256")
                        .putAdditionalParameter("nonce", nonce)));
    }

    /** Where a finished sign-in goes: who signed in, and the local path to send the browser to. */
    public record Finished(VerifiedIdentity identity, String next) {
    }

    /**
     * Finishes a sign-in at the provider's callback: uses the state once, exchanges the code with the flow's PKCE
     * verifier at the redirect URI that began it, and verifies the ID token.
     *
     * @return fails with 400 for a missing, unknown, used, expired or other provider's state, 401 when the
     *         provider refuses the code or the ID token fails a check, 503 when the provider cannot be reached
     */
    public Future<Finished> finish(String providerName, String state, String code, String error) {
        OidcProvider provider = providers.get(providerName);
        if (provider == null) {
            return Future.failedFuture(RelayException.notFound("no sign-in provider " + providerName));
        }
        if (state == null || state.isBlank() || state.length() > 200) {
            return Future.failedFuture(RelayException.badRequest("sign-in refused: no state"));
        }
        Instant now = clock.instant();
        return flows.consume(ApiKeys.sha256Hex(state), provider.name(), now).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(RelayException.badRequest(
                        "sign-in refused: the state is unknown, used, expired or another provider's"));
            }
            SignInFlows.Flow flow = found.get();
            if (error != null) {
                return Future.failedFuture(RelayException.unauthorized("sign-in refused by " + provider.label()
                        + ": " + error.replaceAll("[^A-Za-z0-9_ -]", "?")));
            }
            if (code == null || code.isBlank()) {
                return Future.failedFuture(RelayException.badRequest("sign-in refused: no code"));
            }
            if (flow.codeVerifier() == null || flow.codeVerifier().isBlank()) {
                return Future.failedFuture(RelayException.unauthorized("sign-in refused: no PKCE verifier"));
            }
            return discover(provider)
                    .compose(d -> exchange(d, provider, code, flow.codeVerifier())
                            .compose(idToken -> keysFor(provider, d, idToken)
                                    .map(keys -> IdTokenVerifier.verify(idToken, keys, provider, flow.nonce(),
                                            clock.instant()))))
                    .map(identity -> new Finished(identity, flow.next()));
        });
    }

    private Future<String> exchange(Discovered d, OidcProvider provider, String code, String verifier) {
        return d.oauth2().authenticate(new Oauth2Credentials().setFlow(OAuth2FlowType.AUTH_CODE).setCode(code)
                        .setRedirectUri(config.callback(provider)).setCodeVerifier(verifier))
                .timeout(PROVIDER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .map(user -> user.principal().getString("id_token"))
                .recover(e -> Future.failedFuture(e instanceof RelayException r ? r : RelayException.unauthorized(
                        "sign-in refused: " + provider.label() + " did not accept the code: " + firstLine(e))));
    }

    /** The provider's keys, fetched again once when the token names a key they lack (a rotation). */
    private Future<JWKSet> keysFor(OidcProvider provider, Discovered d, String idToken) {
        if (!IdTokenVerifier.needsOtherKeys(idToken, d.keys())) {
            return Future.succeededFuture(d.keys());
        }
        return fetchKeys(d.jwksUri()).map(keys -> {
            discovered.put(provider.name(), Future.succeededFuture(new Discovered(d.oauth2(), keys, d.jwksUri())));
            return keys;
        });
    }

    private Future<Discovered> discover(OidcProvider provider) {
        return discovered.computeIfAbsent(provider.name(), name -> {
            OAuth2Options options = new OAuth2Options().setSite(provider.discoveryBase())
                    .setClientId(provider.clientId()).setClientSecret(provider.clientSecret())
                    .setHttpClientOptions(new HttpClientOptions().setConnectTimeout((int) PROVIDER_TIMEOUT.toMillis())
                            .setIdleTimeout((int) PROVIDER_TIMEOUT.toSeconds()));
            Future<Discovered> f = OpenIDConnectAuth.discover(vertx, options)
                    .timeout(PROVIDER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .compose(oauth2 -> jwksUri(provider).compose(uri -> fetchKeys(uri)
                            .map(keys -> new Discovered(oauth2, keys, uri))));
            return f.recover(e -> {
                discovered.remove(provider.name());
                LOG.warning("cannot discover sign-in provider " + provider.name() + ": " + firstLine(e));
                return Future.failedFuture(new RelayException(503, "sign-in with " + provider.label()
                        + " is not available now"));
            });
        });
    }

    private Future<String> jwksUri(OidcProvider provider) {
        return get(provider.discoveryBase() + "/.well-known/openid-configuration").map(body -> {
            String uri = new io.vertx.core.json.JsonObject(body).getString("jwks_uri");
            if (uri == null) {
                throw new IllegalStateException("the discovery document has no jwks_uri");
            }
            return uri;
        });
    }

    private Future<JWKSet> fetchKeys(String uri) {
        return get(uri).map(body -> {
            try {
                return JWKSet.parse(body);
            } catch (ParseException e) {
                throw new IllegalStateException("the provider's key set is malformed");
            }
        });
    }

    private Future<String> get(String url) {
        return http.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                        .setConnectTimeout(PROVIDER_TIMEOUT.toMillis()).setIdleTimeout(PROVIDER_TIMEOUT.toMillis()))
                .compose(request -> request.send())
                .compose(response -> {
                    if (response.statusCode() != 200) {
                        return Future.failedFuture(new IllegalStateException(url + " answered " + response.statusCode()));
                    }
                    return response.body().map(b -> b.toString(StandardCharsets.UTF_8));
                })
                .timeout(PROVIDER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A one-time sign-in link's token for {@code userId} (the demo's, made by the relay's own admin): used once,
     * within {@link #FLOW_LIFETIME}.
     */
    public Future<String> oneTime(String userId) {
        Instant now = clock.instant();
        return flows.oneTime(userId, now, now.plus(FLOW_LIFETIME));
    }

    /** @return the link's user; fails with 400 for an unknown, used or expired link */
    public Future<String> redeem(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Future.failedFuture(RelayException.badRequest("sign-in refused: no such link"));
        }
        return flows.redeem(ApiKeys.sha256Hex(token), clock.instant()).map(u -> u.orElseThrow(
                () -> RelayException.badRequest("sign-in refused: this link is unknown, used or expired")));
    }

    /**
     * Closes the clients this sign-in opened: the one that fetches providers' keys and each discovered provider's
     * (vertx-auth-oauth2 keeps its own), so that a relay closed on a Vert.x that lives on leaves no connection open.
     */
    public Future<Void> close() {
        discovered.values().forEach(found -> found.onSuccess(d -> d.oauth2().close()));
        return http.close();
    }

    private String random(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).replaceAll("\\p{Cntrl}", "?");
    }
}
