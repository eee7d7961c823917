package dev.osiris.agent.update;

import dev.osiris.agent.datadir.OwnerOnly;
import dev.osiris.protocol.json.Json;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The update's state in the data partition ({@code update/state.json}), replaced atomically and synced with its
 * directory before the step it announces begins, so that after a power cut it names the step that was under way.
 * Blocking: call on the updater's thread or a worker.
 */
public final class UpdateStateFile {

    private final Path file;

    public UpdateStateFile(Path updateDir) {
        this.file = updateDir.resolve("state.json");
    }

    public Path file() {
        return file;
    }

    /** The saved job, or {@link UpdateJob#NONE}; @throws IOException when the file is unreadable or not a job */
    public UpdateJob read() throws IOException {
        try {
            return UpdateJob.fromJson(Json.MAPPER.readTree(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return UpdateJob.NONE;
        } catch (RuntimeException e) {
            throw new IOException(file + ": not an update state (" + e.getMessage() + ")", e);
        }
    }

    public void write(UpdateJob job) throws IOException {
        OwnerOnly.directory(file.getParent());
        OwnerOnly.writeAtomically(file, Json.bytes(job.toJson()));
        // the rename is durable only once the directory entry is on disk too
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
