package dev.osiris.agent.update;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Streams a verified image onto the standby slot's device, syncs it, reads it back and compares the hash: a slot is
 * armed only after what is on the device is known to be the signed image. Blocking: on the updater's thread.
 */
public final class SlotWriter {

    private static final int CHUNK = 4 << 20;

    private final Crashpoints crash;

    public SlotWriter(Crashpoints crash) {
        this.crash = crash;
    }

    /** SHA-256 of the first {@code size} bytes of {@code file}, hex. */
    public static String sha256(Path file, long size) throws IOException {
        MessageDigest digest = digest();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocateDirect(CHUNK);
            long left = size;
            byte[] heap = new byte[CHUNK];
            while (left > 0) {
                b.clear().limit((int) Math.min(CHUNK, left));
                int n = in.read(b);
                if (n < 0) {
                    throw new IOException(file + " holds fewer than " + size + " bytes");
                }
                b.flip().get(heap, 0, n);
                digest.update(heap, 0, n);
                left -= n;
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Writes {@code size} bytes of {@code image} to {@code device} and syncs; then reads the device back. Fails with
     * {@link IOException} when a write fails or the read-back hash differs from {@code sha256}.
     */
    public void write(Path image, long size, Path device, String sha256) throws IOException {
        // a regular file (tests, a slot kept as a file) is created; a block device is only opened
        boolean regular = !Files.exists(device) || Files.isRegularFile(device);
        try (FileChannel in = FileChannel.open(image, StandardOpenOption.READ);
             FileChannel out = regular
                     ? FileChannel.open(device, StandardOpenOption.CREATE, StandardOpenOption.WRITE)
                     : FileChannel.open(device, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocateDirect(CHUNK);
            long position = 0;
            while (position < size) {
                b.clear().limit((int) Math.min(CHUNK, size - position));
                int n = in.read(b, position);
                if (n < 0) {
                    throw new IOException(image + " ended at " + position + " of " + size + " bytes");
                }
                b.flip();
                while (b.hasRemaining()) {
                    position += out.write(b, position);
                }
                if (position == n) {
                    crash.reached("slot-write:first-chunk");
                }
            }
            if (regular) {
                out.truncate(size);
            }
            crash.reached("slot-write:before-fsync");
            out.force(true);
        }
        crash.reached("slot-write:before-read-back");
        String back = sha256(device, size);
        if (!back.equals(sha256)) {
            throw new IOException("read-back of " + device + " has sha256 " + back + ", the image " + sha256);
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
