package dev.osiris.relay.api;

import dev.osiris.relay.RelayException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses an {@code application/x-www-form-urlencoded} body; a repeated field is refused, not silently merged. */
final class FormBody {

    private FormBody() {
    }

    static Map<String, String> parse(byte[] body) {
        Map<String, String> out = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return out;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (out.put(name, value) != null) {
                throw RelayException.badRequest("form field " + name + " is repeated");
            }
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RelayException.badRequest("the form is not valid application/x-www-form-urlencoded");
        }
    }
}
