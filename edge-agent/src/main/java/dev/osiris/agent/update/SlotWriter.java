package dev.osiris.agent.update;

import com.sun.nio.file.ExtendedOpenOption;

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
    /** O_DIRECT's alignment: a multiple of the 512-byte and 4 KiB sectors of the devices a slot lives on. */
    private static final int BLOCK = 4096;

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
     *
     * <p>The whole blocks go to the device with {@code O_DIRECT} where the file system allows it (a tmpfs does not:
     * then through the page cache). The page cache was measured as what made the write slow: 512 MiB took 1.9 s of
     * copying into dirty pages plus 0.5 s of fsync, 0.52x the rate of {@code dd oflag=direct} to the same disk. It
     * also made the read-back prove little, since it read the pages just written and not the disk. The tail shorter
     * than a block is written through the page cache and synced with the rest.
     */
    public void write(Path image, long size, Path device, String sha256) throws IOException {
        // a regular file (tests, a slot kept as a file) is created; a block device is only opened
        boolean regular = !Files.exists(device) || Files.isRegularFile(device);
        long whole = size - size % BLOCK;
        try (FileChannel in = FileChannel.open(image, StandardOpenOption.READ);
             FileChannel out = regular
                     ? FileChannel.open(device, StandardOpenOption.CREATE, StandardOpenOption.WRITE)
                     : FileChannel.open(device, StandardOpenOption.WRITE)) {
            try (FileChannel direct = openDirect(device)) {
                copy(in, direct == null ? out : direct, 0, whole, image);
                if (direct != null) {
                    direct.force(true);
                }
            }
            copy(in, out, whole, size, image);
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

    /** Copies bytes {@code from} to {@code to} of {@code in} to the same place of {@code out}, in whole chunks. */
    private void copy(FileChannel in, FileChannel out, long from, long to, Path image) throws IOException {
        // aligned to the block size: O_DIRECT takes only aligned buffers, lengths and positions
        ByteBuffer b = ByteBuffer.allocateDirect(CHUNK + BLOCK).alignedSlice(BLOCK);
        long position = from;
        while (position < to) {
            b.clear().limit((int) Math.min(CHUNK, to - position));
            while (b.hasRemaining()) {
                if (in.read(b, position + b.position()) < 0) {
                    throw new IOException(image + " ended at " + (position + b.position()) + " of " + to + " bytes");
                }
            }
            b.flip();
            while (b.hasRemaining()) {
                position += out.write(b, position);
            }
            if (position == from + b.limit() && from == 0) {
                crash.reached("slot-write:first-chunk");
            }
        }
    }

    /** The device opened for O_DIRECT writes, or null where its file system refuses them. */
    private static FileChannel openDirect(Path device) {
        try {
            return FileChannel.open(device, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
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
