package dev.osiris.lab.update;

import dev.osiris.agent.update.UpdateRequest;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.release.SignedManifest;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The release pipeline in miniature: a release key (its public half is what an appliance pins), images of random
 * bytes, and the signed update orders for them, as the relay would deliver them.
 */
public final class Release {

    private static final int CHUNK = 4 << 20;

    private final ApplianceKey key = ApplianceKey.generate(new SecureRandom());

    /** The release key's public half, base64, for {@code update.releaseKey}. */
    public String publicKey() {
        return key.publicKey().base64();
    }

    /** Writes {@code size} bytes of seeded random data to {@code file} and returns their SHA-256, hex. */
    public static String writeImage(Path file, long size, long seed) throws IOException {
        MessageDigest digest = sha256();
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[CHUNK];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; ) {
                int n = (int) Math.min(CHUNK, left);
                random.nextBytes(chunk);
                digest.update(chunk, 0, n);
                out.write(chunk, 0, n);
                left -= n;
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The signed order for an image of {@code size} bytes hashing to {@code sha256}, served at {@code url}. */
    public UpdateRequest order(String version, URI url, long size, String sha256) {
        byte[] manifest = Json.bytes(Json.object().put("version", version).put("size", size).put("sha256", sha256)
                .put("rollback", false));
        return new UpdateRequest(version, url, size, sha256, Base64.getEncoder().encodeToString(manifest),
                key.signBase64(manifest));
    }

    /**
     * The release engineer's signed manifest of {@code image} (as {@code ./osiris release sign} writes it), in
     * {@code dir}, for the relay's {@code release add}.
     */
    public Path manifest(String version, Path image, Path dir) throws IOException {
        String sha256 = HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(image)));
        SignedManifest signed = SignedManifest.sign(key, new SignedManifest.Manifest(version, Files.size(image), sha256,
                false));
        return Files.write(dir.resolve(version + ".manifest.json"), Json.bytes(signed.toJson()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
