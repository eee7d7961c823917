package dev.osiris.relay.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.osiris.relay.RelayException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Verifies an OpenID Connect ID token (Core 1.0, 3.1.3.7) with Nimbus JOSE+JWT: signed (never {@code alg: none})
 * with RS256 or ES256 by a key of the provider's JWK set, issued by exactly the flow's provider (a token of the
 * other provider is a mix-up), for this client, not expired, not issued in the future, carrying the flow's nonce.
 * Plain Java; the caller gives the time.
 */
public final class IdTokenVerifier {

    /** How far apart the provider's clock and the relay's may be. */
    static final Duration SKEW = Duration.ofSeconds(60);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private IdTokenVerifier() {
    }

    /** Whether the token names a key the set does not hold (the provider may have rotated its keys). */
    public static boolean needsOtherKeys(String idToken, JWKSet keys) {
        try {
            String kid = SignedJWT.parse(idToken).getHeader().getKeyID();
            return kid != null && keys.getKeyByKeyId(kid) == null;
        } catch (ParseException e) {
            return false;
        }
    }

    /** @throws RelayException 401 saying which check failed (never the token) */
    public static VerifiedIdentity verify(String idToken, JWKSet keys, OidcProvider provider, String nonce,
                                          Instant now) {
        if (idToken == null || idToken.isBlank()) {
            throw refused("the provider sent no ID token");
        }
        JWT parsed;
        try {
            parsed = JWTParser.parse(idToken);
        } catch (ParseException e) {
            throw refused("the ID token is malformed");
        }
        if (!(parsed instanceof SignedJWT jwt)) {
            throw refused("the ID token is not signed");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!ALGORITHMS.contains(alg)) {
            throw refused("the ID token's algorithm " + alg + " is not accepted");
        }
        if (!signedByProvider(jwt, keys)) {
            throw refused("the ID token is not signed by a key of " + provider.name());
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw refused("the ID token's claims are malformed");
        }
        String tid = text(claims, "tid");
        String expectedIssuer = provider.issuer().contains(OidcProvider.TENANT_TEMPLATE)
                ? (tid == null ? null : provider.issuer().replace(OidcProvider.TENANT_TEMPLATE, tid))
                : provider.issuer();
        if (expectedIssuer == null || !expectedIssuer.equals(claims.getIssuer())) {
            throw refused("the ID token was issued by " + claims.getIssuer() + ", not by " + provider.name());
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(provider.clientId())) {
            throw refused("the ID token is not for this relay (audience)");
        }
        String azp = text(claims, "azp");
        if (audience.size() > 1 && !provider.clientId().equals(azp)) {
            throw refused("the ID token has several audiences and is not authorized for this relay (azp)");
        }
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (exp == null || !exp.toInstant().plus(SKEW).isAfter(now)) {
            throw refused("the ID token has expired");
        }
        if (iat == null || iat.toInstant().minus(SKEW).isAfter(now)) {
            throw refused("the ID token's issued-at time is missing or in the future");
        }
        String tokenNonce = text(claims, "nonce");
        if (tokenNonce == null || !MessageDigest.isEqual(tokenNonce.getBytes(StandardCharsets.UTF_8),
                nonce.getBytes(StandardCharsets.UTF_8))) {
            throw refused("the ID token's nonce is not this sign-in's");
        }
        if (claims.getSubject() == null || claims.getSubject().isBlank()) {
            throw refused("the ID token names no subject");
        }
        return identity(provider, claims, tid);
    }

    private static VerifiedIdentity identity(OidcProvider provider, JWTClaimsSet claims, String tid) {
        String email = text(claims, "email");
        if (provider.kind() == OidcProvider.Kind.MICROSOFT) {
            // Entra's email claim is whatever the tenant set: a label only, never the identity (nOAuth)
            String oid = text(claims, "oid");
            if (tid == null || oid == null) {
                throw refused("the Microsoft ID token lacks its tenant (tid) or object id (oid)");
            }
            return new VerifiedIdentity(provider.name(), claims.getIssuer(), oid, email, false, tid);
        }
        Object verified = claims.getClaim("email_verified");
        boolean emailVerified = Boolean.TRUE.equals(verified) || "true".equals(verified);
        return new VerifiedIdentity(provider.name(), claims.getIssuer(), claims.getSubject(), email, emailVerified,
                emailVerified ? text(claims, "hd") : null);
    }

    private static boolean signedByProvider(SignedJWT jwt, JWKSet keys) {
        String kid = jwt.getHeader().getKeyID();
        List<JWK> candidates = kid == null ? keys.getKeys() : keys.getKeys().stream()
                .filter(k -> kid.equals(k.getKeyID())).toList();
        for (JWK key : candidates) {
            try {
                JWSVerifier verifier;
                if (key instanceof RSAKey rsa && jwt.getHeader().getAlgorithm().equals(JWSAlgorithm.RS256)) {
                    verifier = new RSASSAVerifier(rsa);
                } else if (key instanceof ECKey ec && jwt.getHeader().getAlgorithm().equals(JWSAlgorithm.ES256)) {
                    verifier = new ECDSAVerifier(ec);
                } else {
                    continue;
                }
                if (jwt.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException e) {
                // a key that cannot verify this token is not the one that signed it
            }
        }
        return false;
    }

    private static String text(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    private static RelayException refused(String why) {
        return RelayException.unauthorized("sign-in refused: " + why);
    }
}
