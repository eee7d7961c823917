package dev.osiris.lab.bench;

import dev.osiris.protocol.RequestSignature;
import dev.osiris.protocol.evidence.ApplianceKey;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The check-in's signature check alone, one thread, as the relay does it for one request (issue 13): the key decoded
 * from its base64 and then verified, against a key decoded once and kept (the relay's identity cache), through
 * BouncyCastle's lightweight API and through the JDK's EdDSA provider. Each variant verifies a distinct signed
 * request per call (own timestamp, so nothing is a repeat), after a warm-up, and prints the median of seven rounds
 * taken in turn.
 */
public final class VerifyBench {

    /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the raw 32 bytes follow it. */
    private static final byte[] ED25519_SPKI = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final int REQUESTS = 1_000;
    private static final int ROUNDS = 7;

    private final PrintStream out;

    public VerifyBench(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        new VerifyBench(System.out).run();
    }

    /** @return the lines printed */
    public List<String> run() throws GeneralSecurityException {
        ApplianceKey key = ApplianceKey.generate(new SecureRandom());
        String publicKey = key.publicKey().base64();
        byte[] body = "{\"schema\":2,\"seq\":1}".getBytes(StandardCharsets.UTF_8);
        byte[][] messages = new byte[REQUESTS][];
        String[] signatures = new String[REQUESTS];
        Instant start = Instant.now();
        for (int i = 0; i < REQUESTS; i++) {
            String ts = RequestSignature.timestamp(start.plusMillis(i));
            messages[i] = RequestSignature.message("POST", "/api/appliances/checkin", ts, body);
            signatures[i] = key.signBase64(messages[i]);
        }
        ApplianceKey.PublicKey cached = ApplianceKey.PublicKey.fromBase64(publicKey);
        PublicKey jdkCached = jdkKey(publicKey);
        int[] at = {0};
        Map<String, BooleanSupplier> variants = new LinkedHashMap<>();
        variants.put("BouncyCastle, key decoded per request", () -> {
            int i = at[0]++ % REQUESTS;
            return ApplianceKey.PublicKey.fromBase64(publicKey).verifyBase64(messages[i], signatures[i]);
        });
        variants.put("BouncyCastle, key decoded once (cached)", () -> {
            int i = at[0]++ % REQUESTS;
            return cached.verifyBase64(messages[i], signatures[i]);
        });
        variants.put("JDK EdDSA, key decoded per request", () -> {
            int i = at[0]++ % REQUESTS;
            return jdkVerify(jdkKey(publicKey), messages[i], signatures[i]);
        });
        variants.put("JDK EdDSA, key decoded once (cached)", () -> {
            int i = at[0]++ % REQUESTS;
            return jdkVerify(jdkCached, messages[i], signatures[i]);
        });
        variants.values().forEach(v -> time(v, REQUESTS)); // warm-up: C2 compiles every path
        // rounds interleaved, so that a burst of load from elsewhere on the machine hits every variant alike
        Map<String, double[]> rounds = new LinkedHashMap<>();
        variants.keySet().forEach(k -> rounds.put(k, new double[ROUNDS]));
        for (int r = 0; r < ROUNDS; r++) {
            for (Map.Entry<String, BooleanSupplier> v : variants.entrySet()) {
                rounds.get(v.getKey())[r] = time(v.getValue(), REQUESTS) / 1_000.0 / REQUESTS;
            }
        }
        List<String> lines = new ArrayList<>();
        rounds.forEach((label, us) -> {
            Arrays.sort(us);
            String text = String.format("  Ed25519 verify, %-40s median %7.1f us per request (rounds %.1f-%.1f us,"
                    + " %d x %d requests)", label, us[ROUNDS / 2], us[0], us[ROUNDS - 1], ROUNDS, REQUESTS);
            out.println(text);
            lines.add(text);
        });
        return lines;
    }

    private static long time(BooleanSupplier verify, int requests) {
        long t0 = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            check(verify);
        }
        return System.nanoTime() - t0;
    }

    private static void check(BooleanSupplier verify) {
        if (!verify.getAsBoolean()) {
            throw new IllegalStateException("a valid signature did not verify");
        }
    }

    private static PublicKey jdkKey(String base64) {
        byte[] raw = Base64.getDecoder().decode(base64);
        byte[] der = new byte[ED25519_SPKI.length + raw.length];
        System.arraycopy(ED25519_SPKI, 0, der, 0, ED25519_SPKI.length);
        System.arraycopy(raw, 0, der, ED25519_SPKI.length, raw.length);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean jdkVerify(PublicKey key, byte[] message, String signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
