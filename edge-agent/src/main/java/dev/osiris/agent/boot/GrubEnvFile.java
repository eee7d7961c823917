package dev.osiris.agent.boot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The GRUB environment block file on the ESP ({@code EFI/BOOT/grubenv} beside {@code grub.cfg}). A write replaces
 * the file whole: the new block goes to {@code grubenv.new} beside it, is synced, renamed over the old one and the
 * directory synced, so after a power cut the file holds the old block or the new one. GRUB's own {@code save_env}
 * writes into the file's sectors in place, which works on whatever file the rename left. Blocking: call from a
 * worker, a virtual thread that may block on files, or the CLI. One writer at a time per file (the agent and the
 * health gate run one after the other); within one process {@link GrubBootSlots} serialises.
 */
public final class GrubEnvFile {

    /** Where a write stands, for tests that cut the power at each step. */
    public enum WriteStep { TEMP_WRITTEN, TEMP_SYNCED, RENAMED, DIRECTORY_SYNCED }

    /** Told each {@link WriteStep} as it is reached. */
    @FunctionalInterface
    public interface StepListener {
        StepListener NONE = step -> { };

        void reached(WriteStep step) throws IOException;
    }

    private final Path file;
    private final StepListener steps;

    public GrubEnvFile(Path file) {
        this(file, StepListener.NONE);
    }

    public GrubEnvFile(Path file, StepListener steps) {
        this.file = file.toAbsolutePath();
        this.steps = steps;
    }

    public Path path() {
        return file;
    }

    /**
     * Reads and parses the block.
     *
     * @throws GrubEnvException when the file is not a block, the message starting with its path
     * @throws IOException      when it cannot be read (a missing file is a {@link NoSuchFileException})
     */
    public GrubEnv read() throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(GrubEnv.SIZE + 1); // one more than a block shows a file that is too long
        }
        try {
            return GrubEnv.parse(bytes);
        } catch (GrubEnvException e) {
            String size = bytes.length > GrubEnv.SIZE ? "more than " + GrubEnv.SIZE + " bytes" : bytes.length + " bytes";
            throw new GrubEnvException("GRUB environment block " + file + " (" + size + ") " + e.getMessage()
                    + "; it is left as it is");
        }
    }

    /**
     * Replaces the block with {@code env}, atomically and durably.
     *
     * @throws GrubEnvException when the variables do not fit in a block (nothing is written)
     * @throws IOException      when the write, sync or rename fails (the old block stays in place)
     */
    public void write(GrubEnv env) throws IOException {
        byte[] block;
        try {
            block = env.encode();
        } catch (GrubEnvException e) {
            throw new GrubEnvException("GRUB environment block " + file + ": " + e.getMessage() + "; nothing written");
        }
        Path dir = file.getParent();
        Path temp = dir.resolve(file.getFileName() + ".new");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(block);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            steps.reached(WriteStep.TEMP_WRITTEN);
            ch.force(true);
        }
        steps.reached(WriteStep.TEMP_SYNCED);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        steps.reached(WriteStep.RENAMED);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // makes the rename itself durable
        }
        steps.reached(WriteStep.DIRECTORY_SYNCED);
    }
}
