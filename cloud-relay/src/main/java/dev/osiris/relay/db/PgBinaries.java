package dev.osiris.relay.db;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Extracts the PostgreSQL distribution shipped in the zonky binaries jar, once per version, atomically. */
final class PgBinaries {

    private static final String RESOURCE = "postgres-linux-x86_64.txz";
    private static final Pattern VERSION = Pattern.compile("-(\\d[\\w.]*)\\.jar!");
    private static final String COMPLETE = ".complete";

    private PgBinaries() {
    }

    /** @return the directory holding {@code bin/}, {@code lib/} and {@code share/} */
    static Path ensure(Path cacheRoot) throws IOException {
        URL url = PgBinaries.class.getClassLoader().getResource(RESOURCE);
        if (url == null) {
            throw new IOException("the PostgreSQL binaries (" + RESOURCE + ") are not on the class path");
        }
        Path target = cacheRoot.resolve(version(url));
        if (Files.exists(target.resolve(COMPLETE))) {
            return target;
        }
        OwnerOnly.directory(cacheRoot);
        Path staging = Files.createTempDirectory(cacheRoot, "extract-");
        try {
            extract(url, staging);
            Files.writeString(staging.resolve(COMPLETE), target.getFileName().toString());
            // createTempDirectory makes it 0700; the PostgreSQL account must be able to enter it
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (Files.exists(target)) {
                deleteTree(target); // an interrupted earlier extraction: no .complete marker
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(staging)) {
                deleteTree(staging);
            }
        }
        return target;
    }

    private static String version(URL url) throws IOException {
        Matcher m = VERSION.matcher(url.toString());
        if (m.find()) {
            return m.group(1);
        }
        // shaded into one jar: key the cache by the archive's size instead
        return "bundled-" + url.openConnection().getContentLengthLong();
    }

    private static void extract(URL url, Path into) throws IOException {
        try (InputStream raw = url.openStream();
             TarArchiveInputStream tar = new TarArchiveInputStream(
                     new XZCompressorInputStream(new BufferedInputStream(raw, 1 << 16)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = into.resolve(entry.getName()).normalize();
                if (!out.startsWith(into)) {
                    throw new IOException("unsafe path in PostgreSQL archive: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                    continue;
                }
                if (entry.isLink()) {
                    Files.createLink(out, into.resolve(entry.getLinkName()).normalize());
                    continue;
                }
                Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(out, permissions(entry.getMode()));
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0111) != 0) {
            perms.add(PosixFilePermission.OWNER_EXECUTE);
            perms.add(PosixFilePermission.GROUP_EXECUTE);
            perms.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        return perms;
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
