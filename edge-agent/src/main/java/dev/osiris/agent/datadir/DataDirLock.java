package dev.osiris.agent.datadir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * The one writer of an agent data directory: an exclusive lock on its {@code agent.lock} file, held until
 * {@link #close()} or the process ends (the operating system releases it then, even after a SIGKILL, so a crash
 * leaves no stale lock). The file names the holder (pid, command, since when) for the refusal of the next one.
 * Commands that only read (status, compliance, evidence verify and show) take no lock and keep working beside it.
 * Blocking; call from a worker or the CLI.
 */
public final class DataDirLock implements AutoCloseable {

    public static final String FILE = "agent.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock for {@code command}, creating the (owner-only) directory and lock file if needed.
     *
     * @throws DataDirLockedException when another process, or another agent in this one, holds it; the message
     *                                names the holder
     * @throws IOException            when the lock file cannot be created or locked
     */
    public static DataDirLock acquire(Path dataDir, String command, Clock clock) throws IOException {
        OwnerOnly.directory(dataDir);
        Path file = OwnerOnly.file(dataDir.resolve(FILE));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(channel);
            channel.close();
            throw new DataDirLockedException("data directory " + dataDir + " is in use by another osiris-agent ("
                    + holder + "); only one process may write it. Stop that one first; status, compliance and"
                    + " evidence verify work beside it");
        }
        byte[] me = ("pid " + ProcessHandle.current().pid() + ", " + command + " since " + clock.instant() + "\n")
                .getBytes(StandardCharsets.UTF_8);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(me), 0);
        channel.force(false);
        return new DataDirLock(channel, lock);
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(256);
            channel.read(buffer, 0);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "pid unknown: it is still starting" : text;
        } catch (IOException e) {
            return "pid unknown: " + e.getMessage();
        }
    }

    /** Releases the lock; idempotent. */
    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            lock.release();
            channel.close();
        }
    }

    /** The data directory is held by another writer. */
    public static final class DataDirLockedException extends IOException {
        public DataDirLockedException(String message) {
            super(message);
        }
    }
}
