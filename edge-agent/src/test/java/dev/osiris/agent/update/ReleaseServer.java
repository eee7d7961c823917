package dev.osiris.agent.update;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import dev.osiris.protocol.Api;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.osiris.testing.Await.await;

/**
 * A release server on loopback serving one image at {@code /image}, honouring {@code Range}, with faults: a
 * truncated answer (complete, but short), a connection dropped half-way through the first answer.
 */
final class ReleaseServer implements AutoCloseable {

    enum Fault { NONE, TRUNCATED, DROP_FIRST }

    private final HttpServer server;
    private final byte[] image;
    private final Fault fault;
    final List<String> ranges = new CopyOnWriteArrayList<>();
    /** Each request's authentication headers (API key, signature, timestamp), empty where it sent none. */
    final List<Map<String, String>> credentials = new CopyOnWriteArrayList<>();
    private volatile boolean dropped;

    private ReleaseServer(HttpServer server, byte[] image, Fault fault) {
        this.server = server;
        this.image = image;
        this.fault = fault;
    }

    static ReleaseServer start(Vertx vertx, byte[] image, Fault fault) {
        ReleaseServer[] holder = new ReleaseServer[1];
        HttpServer server = vertx.createHttpServer().requestHandler(r -> holder[0].handle(r));
        holder[0] = new ReleaseServer(server, image, fault);
        await(server.listen(0, "127.0.0.1"));
        return holder[0];
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.actualPort() + "/image");
    }

    private void handle(HttpServerRequest request) {
        String range = request.getHeader("Range");
        Map<String, String> sent = new HashMap<>();
        for (String h : List.of(Api.API_KEY_HEADER, Api.SIGNATURE_HEADER, Api.TIMESTAMP_HEADER)) {
            if (request.getHeader(h) != null) {
                sent.put(h, request.getHeader(h));
            }
        }
        credentials.add(sent);
        ranges.add(range == null ? "none" : range);
        int from = 0;
        if (range != null && range.startsWith("bytes=")) {
            from = Integer.parseInt(range.substring(6, range.indexOf('-')));
            request.response().setStatusCode(206)
                    .putHeader("Content-Range", "bytes " + from + "-" + (image.length - 1) + "/" + image.length);
        }
        int end = fault == Fault.TRUNCATED ? image.length / 2 : image.length;
        Buffer body = Buffer.buffer(java.util.Arrays.copyOfRange(image, from, end));
        if (fault == Fault.DROP_FIRST && !dropped) {
            dropped = true;
            request.response().putHeader("Content-Length", String.valueOf(end - from));
            request.response().write(body.slice(0, body.length() / 2))
                    .onComplete(v -> request.connection().close());
            return;
        }
        request.response().end(body);
    }

    @Override
    public void close() {
        await(server.close());
    }
}
