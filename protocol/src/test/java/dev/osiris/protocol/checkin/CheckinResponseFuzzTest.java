package dev.osiris.protocol.checkin;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.json.Json;

import static dev.osiris.testing.fuzz.FuzzContract.parsesOrRefuses;
import static org.assertj.core.api.Assertions.assertThat;

/** The agent's view of the relay's answer: any bytes are a response or an {@link InvalidMessageException}. */
class CheckinResponseFuzzTest {

    @FuzzTest
    void anyAnswerIsAResponseOrARefusal(byte[] body) {
        parsesOrRefuses(InvalidMessageException.class, () -> CheckinResponse.fromJson(Json.parseObject(body)))
                .ifPresent(response -> assertThat(Json.bytes(CheckinResponse.fromJson(Json.parseObject(
                        Json.bytes(response.toJson()))).toJson())).isEqualTo(Json.bytes(response.toJson())));
    }
}
