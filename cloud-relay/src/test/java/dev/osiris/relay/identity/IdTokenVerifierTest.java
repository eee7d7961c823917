package dev.osiris.relay.identity;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.osiris.relay.RelayException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ID token checks, each on a token made to fail exactly one of them. */
class IdTokenVerifierTest {

    static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    static final OidcProvider GOOGLE = new OidcProvider("google", OidcProvider.Kind.GOOGLE,
            "https://accounts.google.test", "relay-client", "secret");
    static final OidcProvider MICROSOFT = new OidcProvider("microsoft", OidcProvider.Kind.MICROSOFT,
            "https://login.microsoftonline.test/{tenantid}/v2.0", "relay-client", "secret");
    static RSAKey providerKey;
    static RSAKey otherKey;
    static JWKSet providerKeys;

    @BeforeAll
    static void keys() throws Exception {
        providerKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        otherKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        providerKeys = new JWKSet(providerKey.toPublicJWK());
    }

    private static JWTClaimsSet.Builder google() {
        return new JWTClaimsSet.Builder().issuer(GOOGLE.issuer()).subject("1099").audience("relay-client")
                .expirationTime(Date.from(NOW.plusSeconds(300))).issueTime(Date.from(NOW.minusSeconds(5)))
                .claim("nonce", "n-1").claim("email", "ann@msp.test").claim("email_verified", true)
                .claim("hd", "msp.test");
    }

    private static String signed(JWTClaimsSet claims, RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String google(UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        return signed(change.apply(google()).build(), providerKey);
    }

    private static void refused(String token, OidcProvider provider, String why) {
        assertThatThrownBy(() -> IdTokenVerifier.verify(token, providerKeys, provider, "n-1", NOW))
                .isInstanceOf(RelayException.class)
                .hasMessageContaining(why)
                .satisfies(e -> assertThat(((RelayException) e).status()).isEqualTo(401));
    }

    @Test
    void aGoodGoogleTokenNamesThePersonByIssuerAndSubject() throws Exception {
        VerifiedIdentity id = IdTokenVerifier.verify(google(b -> b), providerKeys, GOOGLE, "n-1", NOW);
        assertThat(id.issuer()).isEqualTo(GOOGLE.issuer());
        assertThat(id.subject()).isEqualTo("1099");
        assertThat(id.emailVerified()).isTrue();
        assertThat(id.verifiedDomain()).isEqualTo("msp.test");
    }

    @Test
    void anUnverifiedEmailGivesNoDomain() throws Exception {
        VerifiedIdentity id = IdTokenVerifier.verify(google(b -> b.claim("email_verified", false)), providerKeys,
                GOOGLE, "n-1", NOW);
        assertThat(id.emailVerified()).isFalse();
        assertThat(id.verifiedDomain()).isNull();
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String none = new PlainJWT(google().build()).serialize();
        refused(none, GOOGLE, "not signed");
    }

    @Test
    void aTokenSignedByAnotherKeyWithTheSameKeyIdIsRefused() throws Exception {
        refused(signed(google().build(), otherKey), GOOGLE, "not signed by a key of google");
    }

    @Test
    void aTamperedTokenIsRefused() throws Exception {
        String[] parts = google(b -> b).split("\\.");
        String forged = signed(google().subject("admin").build(), otherKey).split("\\.")[1];
        refused(parts[0] + "." + forged + "." + parts[2], GOOGLE, "not signed by a key of google");
    }

    @Test
    void aWrongIssuerIsRefused() throws Exception {
        refused(google(b -> b.issuer("https://evil.test")), GOOGLE, "issued by https://evil.test");
    }

    @Test
    void theOtherProvidersTokenIsAMixUp() throws Exception {
        refused(google(b -> b.issuer("https://login.microsoftonline.test/t-1/v2.0").claim("tid", "t-1")
                .claim("oid", "o-1")), GOOGLE, "not by google");
    }

    @Test
    void anotherAudienceIsRefused() throws Exception {
        refused(google(b -> b.audience("someone-else")), GOOGLE, "audience");
        refused(google(b -> b.audience(List.of("someone-else", "relay-client"))), GOOGLE, "azp");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        refused(google(b -> b.expirationTime(Date.from(NOW.minusSeconds(61)))), GOOGLE, "expired");
        refused(google(b -> b.expirationTime(null)), GOOGLE, "expired");
    }

    @Test
    void aTokenIssuedInTheFutureIsRefused() throws Exception {
        refused(google(b -> b.issueTime(Date.from(NOW.plusSeconds(120)))), GOOGLE, "issued-at");
    }

    @Test
    void aReplayedNonceIsRefused() throws Exception {
        refused(google(b -> b.claim("nonce", "n-0")), GOOGLE, "nonce");
        refused(google(b -> b.claim("nonce", null)), GOOGLE, "nonce");
    }

    @Test
    void aMicrosoftPersonIsTheirTenantAndObjectIdNeverTheirEmail() throws Exception {
        String token = signed(new JWTClaimsSet.Builder().issuer("https://login.microsoftonline.test/t-7/v2.0")
                .subject("pairwise-sub").audience("relay-client").claim("tid", "t-7").claim("oid", "o-42")
                .claim("email", "ceo@victim.test").expirationTime(Date.from(NOW.plusSeconds(300)))
                .issueTime(Date.from(NOW)).claim("nonce", "n-1").build(), providerKey);
        VerifiedIdentity id = IdTokenVerifier.verify(token, providerKeys, MICROSOFT, "n-1", NOW);
        assertThat(id.issuer()).isEqualTo("https://login.microsoftonline.test/t-7/v2.0");
        assertThat(id.subject()).isEqualTo("o-42");
        assertThat(id.emailVerified()).isFalse();
        assertThat(id.verifiedDomain()).isEqualTo("t-7");
    }

    @Test
    void aMicrosoftTokenWhoseIssuerIsNotItsTenantsIsRefused() throws Exception {
        String token = signed(new JWTClaimsSet.Builder().issuer("https://login.microsoftonline.test/t-8/v2.0")
                .subject("s").audience("relay-client").claim("tid", "t-7").claim("oid", "o-42")
                .expirationTime(Date.from(NOW.plusSeconds(300))).issueTime(Date.from(NOW)).claim("nonce", "n-1")
                .build(), providerKey);
        refused(token, MICROSOFT, "not by microsoft");
    }

    @Test
    void theClientSecretIsNeverInTheProvidersText() {
        assertThat(new OidcProvider("google", OidcProvider.Kind.GOOGLE, "https://a.test", "c", "s3cr3t-value")
                .toString()).doesNotContain("s3cr3t-value");
    }
}
