package dev.osiris.relay.store;

import dev.osiris.protocol.checkin.Secret;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encrypts credential secrets at rest: AES-256-GCM under a per-site key derived with HKDF-SHA256 from the master
 * key ({@code info = "osiris-credentials:" + siteId}), a fresh 96-bit nonce per secret, and the credential id as
 * associated data so that a ciphertext cannot be moved to another row.
 */
public final class CredentialCipher {

    private static final int TAG_BITS = 128;

    /** A ciphertext and its nonce, as stored. */
    public record Sealed(byte[] ciphertext, byte[] nonce) {
    }

    private final byte[] master;
    private final SecureRandom random;
    private final ConcurrentHashMap<String, SecretKeySpec> siteKeys = new ConcurrentHashMap<>();

    public CredentialCipher(MasterKey masterKey, SecureRandom random) {
        this.master = masterKey.bytes();
        this.random = random;
    }

    public Sealed encrypt(String siteId, String credentialId, Secret secret) {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, siteId, credentialId, nonce);
            return new Sealed(cipher.doFinal(secret.reveal().getBytes(StandardCharsets.UTF_8)), nonce);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a credential", e);
        }
    }

    /** @throws IllegalStateException when the ciphertext does not authenticate (wrong master key, altered row) */
    public Secret decrypt(String siteId, String credentialId, Sealed sealed) {
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, siteId, credentialId, sealed.nonce());
            return new Secret(new String(cipher.doFinal(sealed.ciphertext()), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("credential " + credentialId + " does not decrypt under this master key");
        }
    }

    private Cipher cipher(int mode, String siteId, String credentialId, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, siteKeys.computeIfAbsent(siteId, this::derive), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(credentialId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private SecretKeySpec derive(String siteId) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(master, null, ("osiris-credentials:" + siteId).getBytes(StandardCharsets.UTF_8)));
        byte[] key = new byte[32];
        hkdf.generateBytes(key, 0, key.length);
        return new SecretKeySpec(key, "AES");
    }
}
