package dev.osiris.relay.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.protocol.Api;
import dev.osiris.protocol.RequestSignature;
import dev.osiris.protocol.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A blocking HTTP client for tests, run on the test thread (never on an event loop). */
final class Http {

    record Reply(int status, JsonNode json, String text) {
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    Http(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Reply send(String method, String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            boolean isJson = response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
            JsonNode json = text == null || text.isEmpty() || !isJson ? null : Json.MAPPER.readTree(text);
            return new Reply(response.statusCode(), json, text);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request with a raw body and the headers given (and no Content-Type of its own). */
    Reply sendRaw(String method, String path, java.util.Map<String, String> headers, byte[] rawBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(rawBody));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), null, response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A reply read as bytes, with its headers (for image downloads). */
    record Bytes(int status, java.net.http.HttpHeaders headers, byte[] body) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    Bytes bytes(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .GET();
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Bytes(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Reply operator(String method, String path, String key, String jsonBody) {
        return send(method, path, jsonBody == null ? null : jsonBody.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of(Api.API_KEY_HEADER, key));
    }

    Reply signed(String path, String apiKey, byte[] body, RequestSignature.Headers signature) {
        return send("POST", path, body, Map.of(Api.API_KEY_HEADER, apiKey, Api.SIGNATURE_HEADER, signature.signature(),
                Api.TIMESTAMP_HEADER, signature.timestamp()));
    }
}
