package dev.osiris.relay.api;

import dev.osiris.protocol.Api;
import dev.osiris.protocol.RequestSignature;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.relay.RelayException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignaturesTest {

    private static final ApplianceKey KEY = ApplianceKey.generate(new SecureRandom());
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(5);

    private static Signatures signatures(int capacity) {
        return new Signatures(Clock.fixed(NOW, ZoneOffset.UTC), WINDOW, capacity);
    }

    private static void check(Signatures s, Instant signedAt, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        RequestSignature.Headers h = RequestSignature.sign(KEY, "POST", Api.CHECKIN, signedAt, bytes);
        s.require("POST", Api.CHECKIN, h.timestamp(), h.signature(), bytes, KEY.publicKey().base64(), "checkin.publicKey");
    }

    private static int status(Throwable e) {
        return ((RelayException) e).status();
    }

    @Test
    void aTimestampJustInsideTheWindowIsAcceptedEitherWay() {
        Signatures s = signatures(100);
        assertThatCode(() -> check(s, NOW.minus(WINDOW), "{\"a\":1}")).doesNotThrowAnyException();
        assertThatCode(() -> check(s, NOW.plus(WINDOW), "{\"a\":2}")).doesNotThrowAnyException();
    }

    @Test
    void aTimestampJustOutsideTheWindowIs401() {
        Signatures s = signatures(100);
        assertThatThrownBy(() -> check(s, NOW.minus(WINDOW).minusMillis(1), "{}"))
                .isInstanceOf(RelayException.class).matches(e -> status(e) == 401)
                .hasMessageContaining("is more than 300 s from the relay's clock");
        assertThatThrownBy(() -> check(s, NOW.plus(WINDOW).plusMillis(1), "{}")).matches(e -> status(e) == 401);
    }

    @Test
    void aSkewRefusalCarriesTheRelaysTimeSoTheApplianceCanSignInIt() {
        Signatures s = signatures(100);
        assertThatThrownBy(() -> check(s, NOW.minus(Duration.ofHours(3)), "{}"))
                .matches(e -> ((RelayException) e).details().path("code").asText().equals("clock-skew"))
                .matches(e -> ((RelayException) e).details().path("relayTime").asText().equals("2026-12-01T10:00:00Z"));
    }

    @Test
    void theSameSignatureTwiceIs401() {
        Signatures s = signatures(100);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        RequestSignature.Headers h = RequestSignature.sign(KEY, "POST", Api.CHECKIN, NOW, body);
        String key = KEY.publicKey().base64();
        s.require("POST", Api.CHECKIN, h.timestamp(), h.signature(), body, key, "k");
        assertThatThrownBy(() -> s.require("POST", Api.CHECKIN, h.timestamp(), h.signature(), body, key, "k"))
                .matches(e -> status(e) == 401).hasMessageContaining("replay refused");
    }

    @Test
    void aFullReplayWindowRefusesWith503RatherThanForget() {
        Signatures s = signatures(2);
        check(s, NOW, "{\"n\":1}");
        check(s, NOW, "{\"n\":2}");
        assertThatThrownBy(() -> check(s, NOW, "{\"n\":3}")).matches(e -> status(e) == 503);
    }

    @Test
    void aMalformedTimestampOrKeyIsNamed() {
        Signatures s = signatures(10);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> s.require("POST", Api.CHECKIN, "noon", "sig", body, KEY.publicKey().base64(), "k"))
                .matches(e -> status(e) == 401).hasMessage("X-Osiris-Timestamp must be an ISO-8601 instant");
        assertThatThrownBy(() -> s.require("POST", Api.CHECKIN, NOW.toString(), "sig", body, "not-a-key", "checkin.publicKey"))
                .matches(e -> status(e) == 400).hasMessageStartingWith("checkin.publicKey:");
    }

    @Test
    void thePinnedKeyIsUsedAsDecodedWhenTheRequestNamesItAndAnyOtherKeyIsDecodedFromItsText() {
        Signatures s = signatures(10);
        ApplianceKey.PublicKey pinned = ApplianceKey.PublicKey.fromBase64(KEY.publicKey().base64());
        assertThat(s.key(KEY.publicKey().base64(), pinned, "checkin.publicKey")).isSameAs(pinned);

        ApplianceKey other = ApplianceKey.generate(new SecureRandom());
        assertThat(s.key(other.publicKey().base64(), pinned, "checkin.publicKey")).isEqualTo(other.publicKey())
                .isNotSameAs(pinned);
        assertThat(s.key(KEY.publicKey().base64(), null, "checkin.publicKey")).isEqualTo(pinned);
        assertThatThrownBy(() -> s.key("not-a-key", pinned, "bundle.publicKey"))
                .matches(e -> status(e) == 400).hasMessageStartingWith("bundle.publicKey:");
    }

    @Test
    void aRequestVerifiedWithTheCachedKeyIsStillRefusedWhenReplayed() {
        Signatures s = signatures(10);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        RequestSignature.Headers h = RequestSignature.sign(KEY, "POST", Api.CHECKIN, NOW, body);
        ApplianceKey.PublicKey pinned = ApplianceKey.PublicKey.fromBase64(KEY.publicKey().base64());
        s.require("POST", Api.CHECKIN, h.timestamp(), h.signature(), body, pinned, "checkin.publicKey");
        assertThatThrownBy(() -> s.require("POST", Api.CHECKIN, h.timestamp(), h.signature(), body, pinned,
                "checkin.publicKey")).matches(e -> status(e) == 401).hasMessageContaining("replay refused");
        RequestSignature.Headers forged = RequestSignature.sign(ApplianceKey.generate(new SecureRandom()), "POST",
                Api.CHECKIN, NOW, body);
        assertThatThrownBy(() -> s.require("POST", Api.CHECKIN, forged.timestamp(), forged.signature(), body, pinned,
                "checkin.publicKey")).matches(e -> status(e) == 401).hasMessageContaining("does not verify");
    }
}
