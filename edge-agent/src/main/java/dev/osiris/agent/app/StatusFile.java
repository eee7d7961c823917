package dev.osiris.agent.app;

import dev.osiris.protocol.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.FileSystem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code status.json} atomically (temporary file, then rename) through Vert.x's non-blocking file
 * system. Writes are serialised; while one is in flight only the newest pending snapshot is kept.
 */
final class StatusFile {

    private final FileSystem fs;
    private final String file;
    private final String tmp;
    private boolean writing;
    private AgentStatus pending;
    private final List<Promise<Void>> waiters = new ArrayList<>();

    StatusFile(FileSystem fs, Path file) {
        this.fs = fs;
        this.file = file.toString();
        this.tmp = file.resolveSibling(file.getFileName() + ".tmp").toString();
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
        Buffer body;
        try {
            body = Buffer.buffer(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(next.toJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode status", e);
        }
        fs.writeFile(tmp, body)
                .compose(v -> fs.move(tmp, file, new CopyOptions().setReplaceExisting(true).setAtomicMove(true)))
                .andThen(ar -> flush());
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
