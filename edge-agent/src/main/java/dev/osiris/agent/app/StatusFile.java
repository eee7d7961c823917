package dev.osiris.agent.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.osiris.agent.datadir.OwnerOnly;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Writes {@code status.json} atomically and owner-only ({@link OwnerOnly#writeAtomically}) on a Vert.x worker. Writes are
 * serialised; while one is in flight only the newest pending snapshot is kept. Plain java.nio rather than
 * Vert.x's file system, which refuses work once a JVM shutdown has begun, when the final status matters most.
 */
final class StatusFile {

    private static final Logger LOG = Logger.getLogger(StatusFile.class.getName());

    private final Vertx vertx;
    private final Path file;
    private final List<Promise<Void>> waiters = new ArrayList<>();
    private boolean writing;
    private AgentStatus pending;

    StatusFile(Vertx vertx, Path file) {
        this.vertx = vertx;
        this.file = file;
    }

    /** Call on the agent's event loop. */
    void write(AgentStatus status) {
        pending = status;
        if (!writing) {
            flush();
        }
    }

    private void flush() {
        AgentStatus next = pending;
        pending = null;
        if (next == null) {
            writing = false;
            waiters.forEach(Promise::complete);
            waiters.clear();
            return;
        }
        writing = true;
        byte[] body;
        try {
            body = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(next.toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode status", e);
        }
        vertx.executeBlocking(() -> {
            OwnerOnly.writeAtomically(file, body);
            return null;
        }).andThen(ar -> {
            if (ar.failed()) {
                LOG.warning("cannot write " + file + ": " + ar.cause());
            }
            flush();
        });
    }

    /** Completes when the writes issued so far are on disk. */
    Future<Void> settled() {
        if (!writing) {
            return Future.succeededFuture();
        }
        Promise<Void> p = Promise.promise();
        waiters.add(p);
        return p.future();
    }
}
