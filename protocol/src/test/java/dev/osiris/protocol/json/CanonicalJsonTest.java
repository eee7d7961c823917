package dev.osiris.protocol.json;

import dev.osiris.protocol.InvalidMessageException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalJsonTest {

    @Test
    void keysAreSortedAndWhitespaceDropped() {
        String text = CanonicalJson.encode(Json.parseObject("{ \"b\": 1, \"a\": {\"z\": true, \"y\": null}, \"c\": [3, 2] }"));
        assertThat(text).isEqualTo("{\"a\":{\"y\":null,\"z\":true},\"b\":1,\"c\":[3,2]}");
    }

    @Test
    void numbersArePlainWithoutTrailingZeros() {
        assertThat(CanonicalJson.encode(Json.parseObject("{\"a\": 1.50, \"b\": 1e3, \"c\": -0.000}")))
                .isEqualTo("{\"a\":1.5,\"b\":1000,\"c\":0}");
    }

    @Test
    void encodingIsStableAcrossARoundTrip() {
        String once = CanonicalJson.encode(Json.parseObject("{\"path\": \"C:\\\\Users\\\\x\\n\", \"u\": \"\\u00e9\\u2028\"}"));
        assertThat(CanonicalJson.encode(Json.parseObject(once))).isEqualTo(once);
    }

    @Test
    void unpairedSurrogateIsEscapedSoTheTextSurvivesUtf8() {
        // found by CanonicalEncodingFuzzTest: a lone surrogate was written raw and became '?' once encoded as UTF-8
        String once = CanonicalJson.encode(Json.parseObject("{\"s\": \"\\ude00 \\ud83d\\ude00 \\ud83d\"}"));
        assertThat(once).isEqualTo("{\"s\":\"\\ude00 \ud83d\ude00 \\ud83d\"}");
        assertThat(CanonicalJson.encode(Json.parseObject(once))).isEqualTo(once);
    }

    @Test
    void hugeExponentKeepsItsExponentInsteadOfThousandsOfZeros() {
        // found by CanonicalEncodingFuzzTest: 1e23340 became 23,341 digits that the parser then refused to read back
        String once = CanonicalJson.encode(Json.parseObject("{\"big\": 1e23340, \"tiny\": -2.50e-2000, \"ok\": 1e3}"));
        assertThat(once).isEqualTo("{\"big\":1E+23340,\"ok\":1000,\"tiny\":-2.5E-2000}");
        assertThat(CanonicalJson.encode(Json.parseObject(once))).isEqualTo(once);
    }

    @Test
    void numberBeyondBigDecimalIsMalformedJson() {
        // found by CheckinRequestFuzzTest: Jackson's NumberFormatException escaped parseObject as a 500
        assertThatThrownBy(() -> Json.parseObject("{\"n\": 9999999999999999e999999999995}"))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void malformedJsonIsRefusedWithAMessage() {
        assertThatThrownBy(() -> Json.parseObject("{\"a\": "))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("JSON");
    }
}
