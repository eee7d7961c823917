package dev.osiris.relay.api;

import dev.osiris.relay.RelayException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FormBodyTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void fieldsAreDecoded() {
        assertThat(FormBody.parse(bytes("host=dc01.local&account=HARBOR%5Csvc&note=a+b&empty=")))
                .containsEntry("host", "dc01.local").containsEntry("account", "HARBOR\\svc")
                .containsEntry("note", "a b").containsEntry("empty", "");
    }

    @Test
    void aRepeatedFieldIsRefusedSoASecondCsrfFieldCannotShadowTheFirst() {
        assertThatThrownBy(() -> FormBody.parse(bytes("_csrf=a&_csrf=b"))).isInstanceOf(RelayException.class)
                .hasMessageContaining("_csrf is repeated");
    }

    @Test
    void aMalformedEncodingIsABadRequest() {
        assertThatThrownBy(() -> FormBody.parse(bytes("note=%zz"))).isInstanceOf(RelayException.class)
                .hasMessageContaining("not valid");
    }
}
