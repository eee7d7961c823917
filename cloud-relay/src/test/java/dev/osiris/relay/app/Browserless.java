package dev.osiris.relay.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * What a browser does in a sign-in, one redirect at a time so that a test can see and change each step: it follows
 * nothing by itself and sends the session cookie only when told.
 */
final class Browserless {

    record Answer(int status, String location, Optional<String> setCookie, String body) {
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    Answer get(String url) {
        return get(url, null);
    }

    Answer get(String url, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        try {
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Location").orElse(null),
                    r.headers().firstValue("Set-Cookie"), r.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
