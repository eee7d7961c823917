package dev.osiris.lab.update;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A release server on loopback: serves image files at {@code /releases/<name>} from disk ({@code sendFile}, so a
 * 512 MiB image is never held in memory), honouring {@code Range: bytes=N-} as the updater's resume asks.
 */
public final class ImageServer {

    private final HttpServer server;
    private final Map<String, Path> images = new ConcurrentHashMap<>();

    private ImageServer(HttpServer server) {
        this.server = server;
    }

    /** Listens on an ephemeral port of 127.0.0.1; fails as {@link HttpServer#listen} does. */
    public static Future<ImageServer> start(Vertx vertx) {
        ImageServer[] holder = new ImageServer[1];
        HttpServer http = vertx.createHttpServer().requestHandler(r -> holder[0].handle(r));
        holder[0] = new ImageServer(http);
        return http.listen(0, "127.0.0.1").map(s -> holder[0]);
    }

    /** Publishes {@code file} under {@code name}; returns the URL the update order names. */
    public URI publish(String name, Path file) {
        images.put(name, file);
        return URI.create("http://127.0.0.1:" + server.actualPort() + "/releases/" + name);
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        Path file = path.startsWith("/releases/") ? images.get(path.substring("/releases/".length())) : null;
        if (file == null) {
            request.response().setStatusCode(404).end();
            return;
        }
        long size = file.toFile().length();
        long from = 0;
        String range = request.getHeader("Range");
        if (range != null && range.matches("bytes=[0-9]{1,18}-")) {
            from = Long.parseLong(range.substring("bytes=".length(), range.length() - 1));
            if (from >= size) {
                request.response().setStatusCode(416).putHeader("Content-Range", "bytes */" + size).end();
                return;
            }
            request.response().setStatusCode(206)
                    .putHeader("Content-Range", "bytes " + from + "-" + (size - 1) + "/" + size);
        }
        request.response().sendFile(file.toString(), from, size - from);
    }

    public Future<Void> close() {
        return server.close();
    }
}
