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
        return saved().job();
    }

    /**
     * The saved job and whether its transition's evidence record was committed ({@code recorded}); a file without
     * the flag counts as recorded.
     */
    public Saved saved() throws IOException {
        try {
            var json = Json.MAPPER.readTree(Files.readAllBytes(file));
            return new Saved(UpdateJob.fromJson(json), json.path("recorded").asBoolean(true));
        } catch (NoSuchFileException e) {
            return new Saved(UpdateJob.NONE, true);
        } catch (RuntimeException e) {
            throw new IOException(file + ": not an update state (" + e.getMessage() + ")", e);
        }
    }

    /** A saved job; {@code recorded} false when a cut came between the save and the evidence record. */
    public record Saved(UpdateJob job, boolean recorded) {
    }

    public void write(UpdateJob job) throws IOException {
        write(job, true);
    }

    /** Notes that the saved job's evidence record is committed (the rename need not reach the disk at once). */
    public void markRecorded(UpdateJob job) throws IOException {
        OwnerOnly.writeAtomically(file, Json.bytes(job.toJson().put("recorded", true)));
    }

    /** Saves {@code job}, noting whether its evidence record is committed yet. */
    public void write(UpdateJob job, boolean recorded) throws IOException {
        OwnerOnly.directory(file.getParent());
        OwnerOnly.writeAtomically(file, Json.bytes(job.toJson().put("recorded", recorded)));
        // the rename is durable only once the directory entry is on disk too
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
