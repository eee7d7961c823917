package dev.osiris.relay.app;

import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.release.SignedManifest;
import dev.osiris.relay.db.OwnerOnly;
import dev.osiris.relay.release.Release;
import dev.osiris.relay.release.ReleaseKey;
import dev.osiris.relay.release.Releases;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * {@code release keygen|sign} for the release engineer (the private key stays on their machine), {@code release
 * trust|add|list} at the relay.
 */
@Command(name = "release", description = "Sign releases (release engineer) and add them to the relay.")
final class ReleaseCommands {

    @picocli.CommandLine.ParentCommand
    RelayMain root;

    @Command(name = "keygen", description = "Make a release key pair: KEY (private, owner-only) and KEY.pub.")
    int keygen(@Option(names = "--out", paramLabel = "KEY", required = true) Path out) throws IOException {
        if (Files.exists(out)) {
            throw new IllegalArgumentException("--out " + out + " exists already; not overwriting a key");
        }
        ApplianceKey key = ApplianceKey.generate(new SecureRandom());
        OwnerOnly.write(out, Base64.getEncoder().encodeToString(key.privateBytes()) + "\n");
        Files.writeString(Path.of(out + ".pub"), key.publicKey().base64() + "\n");
        System.out.println("public-key " + key.publicKey().base64());
        return 0;
    }

    @Command(name = "sign", description = "Sign a release image's manifest; writes the manifest file.")
    int sign(@Option(names = "--key", paramLabel = "KEY", required = true) Path keyFile,
             @Option(names = "--image", paramLabel = "FILE", required = true) Path image,
             @Option(names = "--version", paramLabel = "V", required = true) String version,
             @Option(names = "--rollback", description = "a signed rollback release: may install below the running version")
             boolean rollback,
             @Option(names = "--out", paramLabel = "FILE", description = "default: IMAGE.manifest.json") Path out)
            throws IOException {
        ApplianceKey key;
        try {
            key = ApplianceKey.fromPrivateBytes(Base64.getDecoder().decode(
                    Files.readString(keyFile, StandardCharsets.US_ASCII).strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--key " + keyFile + ": not a release private key (" + e.getMessage() + ")");
        }
        SignedManifest signed = SignedManifest.sign(key, new SignedManifest.Manifest(version, Files.size(image),
                Releases.sha256(image), rollback));
        Path target = out != null ? out : Path.of(image + ".manifest.json");
        Files.write(target, Json.bytes(signed.toJson()));
        System.out.println("manifest " + target);
        return 0;
    }

    @Command(name = "trust", description = "Set the release public key this relay checks manifests against.")
    int trust(@Option(names = "--public-key", paramLabel = "FILE", required = true) Path publicKey) throws IOException {
        ApplianceKey.PublicKey key = ReleaseKey.trust(root.config().dataDir(),
                Files.readString(publicKey, StandardCharsets.US_ASCII));
        System.out.println("release-key " + key.base64());
        return 0;
    }

    static final class Source {
        @Option(names = "--image", paramLabel = "FILE", required = true, description = "the slot image, served by the relay")
        Path image;
        @Option(names = "--url", paramLabel = "URL", required = true, description = "an HTTPS URL the appliances fetch")
        String url;
    }

    @Command(name = "add", description = "Add a signed release (refused unless signed by the trusted release key).")
    int add(@Option(names = "--version", paramLabel = "V", required = true) String version,
            @ArgGroup(exclusive = true, multiplicity = "1") Source source,
            @Option(names = "--manifest", paramLabel = "FILE", required = true) Path manifest) throws Exception {
        Release r;
        if (source.image != null) {
            r = root.admin(admin -> admin.releases().addImage(version, source.image.toAbsolutePath(),
                    manifest.toAbsolutePath(), RelayMain.cliActor()));
        } else {
            SignedManifest signed = SignedManifest.fromJson(Json.parseObject(Files.readAllBytes(manifest), "manifest"));
            r = root.admin(admin -> admin.releases().addUrl(version, signed, source.url, RelayMain.cliActor()));
        }
        System.out.println(line(r));
        return 0;
    }

    @Command(name = "list", description = "List releases: version, size, sha256, source (tab-separated).")
    int list() throws Exception {
        root.admin(admin -> admin.releases().list()).forEach(r -> System.out.println(line(r)));
        return 0;
    }

    private static String line(Release r) {
        return r.version() + "\t" + r.size() + "\t" + r.sha256() + "\t" + r.url().orElse("relay")
                + (r.rollback() ? "\trollback" : "");
    }
}
