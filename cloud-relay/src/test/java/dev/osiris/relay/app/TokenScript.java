package dev.osiris.relay.app;

import com.nimbusds.oauth2.sdk.TokenRequest;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

import java.util.List;
import java.util.Map;

/**
 * What mock-oauth2-server puts in the tokens of one issuer, set by each test: who, for which audience (by default the
 * client that asks), which extra claims, how long they live.
 */
final class TokenScript implements OAuth2TokenCallback {

    private record Script(String subject, List<String> audience, Map<String, Object> claims, long expirySeconds) {
    }

    private final String issuerId;
    private volatile Script script;

    TokenScript(String issuerId) {
        this.issuerId = issuerId;
        reset();
    }

    void next(String subject, List<String> audience, Map<String, Object> claims, long expirySeconds) {
        script = new Script(subject, audience, claims, expirySeconds);
    }

    void reset() {
        script = new Script("nobody-" + issuerId, null, Map.of(), 3600);
    }

    @Override
    public String issuerId() {
        return issuerId;
    }

    @Override
    public String subject(TokenRequest request) {
        return script.subject();
    }

    @Override
    public String typeHeader(TokenRequest request) {
        return "JWT";
    }

    @Override
    public List<String> audience(TokenRequest request) {
        if (script.audience() != null) {
            return script.audience();
        }
        var auth = request.getClientAuthentication();
        return List.of(auth != null ? auth.getClientID().getValue() : request.getClientID().getValue());
    }

    @Override
    public Map<String, Object> addClaims(TokenRequest request) {
        return script.claims();
    }

    @Override
    public long tokenExpiry() {
        return script.expirySeconds();
    }
}
