package dev.osiris.protocol.checkin;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.json.Json;

import static dev.osiris.testing.fuzz.FuzzContract.parsesOrRefuses;
import static org.assertj.core.api.Assertions.assertThat;

/** The relay's check-in body: any bytes are a request or an {@link InvalidMessageException}. */
class CheckinRequestFuzzTest {

    @FuzzTest
    void anyBodyIsARequestOrARefusal(byte[] body) {
        parsesOrRefuses(InvalidMessageException.class, () -> CheckinRequest.fromJson(Json.parseObject(body)))
                .ifPresent(request -> assertThat(CheckinRequest.fromJson(Json.parseObject(Json.bytes(request.toJson()))))
                        .isEqualTo(request));
    }
}
