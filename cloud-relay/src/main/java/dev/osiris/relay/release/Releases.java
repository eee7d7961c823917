package dev.osiris.relay.release;

import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.release.SignedManifest;
import dev.osiris.relay.RelayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Adding and finding releases. A release is added only when its manifest is signed by the release key configured at
 * the relay ({@link ReleaseKey}) and names the version given and the image's real size and SHA-256; an unsigned,
 * mis-signed or duplicate release is refused (400, 400, 409) and nothing is stored. File work runs off the event loop.
 */
public final class Releases {

    /** Where served images live, under the relay's data directory. */
    public static final String DIRECTORY = "releases";

    private final Vertx vertx;
    private final ReleaseStore store;
    private final Path dataDir;

    public Releases(Vertx vertx, ReleaseStore store, Path dataDir) {
        this.vertx = vertx;
        this.store = store;
        this.dataDir = dataDir;
    }

    /**
     * Adds a release whose image the relay serves: the image is hashed, checked against the manifest and copied
     * into the release directory before the row is stored.
     */
    public Future<Release> addImage(String version, Path image, Path manifestFile, String actor) {
        record Checked(SignedManifest signed, SignedManifest.Manifest m) {
        }
        return vertx.executeBlocking(() -> {
            SignedManifest signed = manifestOf(manifestFile);
            SignedManifest.Manifest m = verified(version, signed);
            long size;
            try {
                size = Files.size(image);
            } catch (NoSuchFileException e) {
                throw RelayException.badRequest("--image " + image + ": no such file");
            }
            String sha256 = sha256(image);
            if (size != m.size() || !sha256.equals(m.sha256())) {
                throw RelayException.badRequest("--image " + image + " (" + size + " bytes, sha256 " + sha256
                        + ") is not the image the manifest names (" + m.size() + " bytes, sha256 " + m.sha256() + ")");
            }
            return new Checked(signed, m);
        }).compose(c -> store.get(version).transform(ar -> ar.succeeded()
                ? Future.failedFuture(RelayException.conflict("release " + version + " exists already"))
                : vertx.executeBlocking(() -> copy(image, version)).compose(file -> store.add(new Release(version,
                        c.m().size(), c.m().sha256(), c.signed().manifest(), c.signed().signature(), c.m().rollback(),
                        Optional.of(file), Optional.empty(), actor, Instant.now())))));
    }

    /** Adds a release whose image is at an HTTPS URL it names (the relay does not serve it). */
    public Future<Release> addUrl(String version, SignedManifest signed, String url, String actor) {
        return vertx.executeBlocking(() -> {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw RelayException.badRequest("url: " + e.getMessage());
            }
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw RelayException.badRequest("url must be an absolute https URL, got \"" + url + "\"");
            }
            return verified(version, signed);
        }).compose(m -> store.add(new Release(version, m.size(), m.sha256(), signed.manifest(), signed.signature(),
                m.rollback(), Optional.empty(), Optional.of(url), actor, Instant.now())));
    }

    public Future<Release> get(String version) {
        return store.get(version);
    }

    public Future<List<Release>> list() {
        return store.list();
    }

    /** The served image's file; fails with 404 when the release is unknown or its image is at a URL. */
    public Future<Path> image(String version) {
        return store.get(version).map(r -> r.imageFile().map(f -> dataDir.resolve(DIRECTORY).resolve(f))
                .orElseThrow(() -> RelayException.notFound("release " + version + " is not served by this relay")));
    }

    private SignedManifest.Manifest verified(String version, SignedManifest signed) throws IOException {
        ApplianceKey.PublicKey key = ReleaseKey.load(dataDir).orElseThrow(() -> RelayException.badRequest(
                "no release key is configured at this relay (relay release trust --public-key FILE)"));
        SignedManifest.Manifest m;
        try {
            m = signed.verify(key);
        } catch (InvalidMessageException e) {
            throw RelayException.badRequest(e.getMessage());
        }
        if (!m.version().equals(version)) {
            throw RelayException.badRequest("--version " + version + " is not the version the manifest names ("
                    + m.version() + ")");
        }
        return m;
    }

    private static SignedManifest manifestOf(Path file) {
        try {
            return SignedManifest.fromJson(Json.parseObject(Files.readAllBytes(file), "manifest"));
        } catch (NoSuchFileException e) {
            throw RelayException.badRequest("--manifest " + file + ": no such file");
        } catch (IOException e) {
            throw RelayException.badRequest("--manifest " + file + ": " + e.getMessage());
        } catch (InvalidMessageException e) {
            throw RelayException.badRequest(e.getMessage());
        }
    }

    private String copy(Path image, String version) throws IOException {
        Path dir = dataDir.resolve(DIRECTORY);
        Files.createDirectories(dir);
        String name = version + ".img";
        Path tmp = Files.createTempFile(dir, name, ".part");
        Files.copy(image, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return name;
    }

    /** Blocking: the file's SHA-256, lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
