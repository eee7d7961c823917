package dev.osiris.lab.windows.wsman.ntlm;

import dev.osiris.lab.windows.model.Account;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Server side of NTLMv2 (MS-NLMP) with known passwords: builds the CHALLENGE for a NEGOTIATE and
 * verifies the AUTHENTICATE against the host's accounts, deriving the session keys for sealing.
 */
public final class NtlmServer {

    private static final byte[] SIGNATURE = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);
    private static final int UNICODE = 0x1;
    private static final int REQUEST_TARGET = 0x4;
    private static final int NTLM = 0x200;
    private static final int TARGET_TYPE_DOMAIN = 0x10000;
    private static final int TARGET_INFO = 0x800000;
    private static final int VERSION = 0x2000000;
    private static final int CLIENT_CHOICES = 0x10 | 0x20 | 0x8000 | 0x80000 | 0x20000000 | 0x80000000 | 0x40000000;
    private static final int KEY_EXCH = 0x40000000;

    /** The state between CHALLENGE and AUTHENTICATE on one connection. */
    public record Challenge(byte[] message, byte[] serverChallenge) {
    }

    private final SecureRandom random = new SecureRandom();
    private final String netbiosDomain;
    private final String netbiosHost;
    private final String dnsDomain;

    public NtlmServer(String netbiosDomain, String netbiosHost, String dnsDomain) {
        this.netbiosDomain = netbiosDomain.toUpperCase(Locale.ROOT);
        this.netbiosHost = netbiosHost.toUpperCase(Locale.ROOT);
        this.dnsDomain = dnsDomain.toLowerCase(Locale.ROOT);
    }

    /** The message type (1, 2, 3) of a token, or -1 if it is no NTLMSSP message (e.g. SPNEGO/Kerberos). */
    public static int messageType(byte[] token) {
        if (token.length < 12 || !Arrays.equals(Arrays.copyOf(token, 8), SIGNATURE)) {
            return -1;
        }
        return le(token).getInt(8);
    }

    public Challenge challenge(byte[] negotiate, Instant now) {
        int clientFlags = negotiate.length >= 16 ? le(negotiate).getInt(12) : 0;
        int flags = UNICODE | REQUEST_TARGET | NTLM | TARGET_TYPE_DOMAIN | TARGET_INFO | VERSION | (clientFlags & CLIENT_CHOICES);
        byte[] serverChallenge = new byte[8];
        random.nextBytes(serverChallenge);
        byte[] targetName = utf16(netbiosDomain);
        byte[] targetInfo = targetInfo(now);
        int payload = 56;
        ByteBuffer b = le(ByteBuffer.allocate(payload + targetName.length + targetInfo.length));
        b.put(SIGNATURE).putInt(2);
        b.putShort((short) targetName.length).putShort((short) targetName.length).putInt(payload);
        b.putInt(flags).put(serverChallenge).putLong(0);
        b.putShort((short) targetInfo.length).putShort((short) targetInfo.length).putInt(payload + targetName.length);
        b.put(new byte[]{10, 0, 0x63, 0x45, 0, 0, 0, 15});
        b.put(targetName).put(targetInfo);
        return new Challenge(b.array(), serverChallenge);
    }

    private byte[] targetInfo(Instant now) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        av(out, 2, utf16(netbiosDomain));
        av(out, 1, utf16(netbiosHost));
        av(out, 4, utf16(dnsDomain));
        av(out, 3, utf16(netbiosHost.toLowerCase(Locale.ROOT) + "." + dnsDomain));
        long filetime = (now.getEpochSecond() + 11_644_473_600L) * 10_000_000L + now.getNano() / 100;
        av(out, 7, le(ByteBuffer.allocate(8)).putLong(filetime).array());
        av(out, 0, new byte[0]);
        return out.toByteArray();
    }

    private static void av(ByteArrayOutputStream out, int id, byte[] value) {
        out.writeBytes(le(ByteBuffer.allocate(4)).putShort((short) id).putShort((short) value.length).array());
        out.writeBytes(value);
    }

    /**
     * Verifies an AUTHENTICATE message. Returns the session if the NTLMv2 response matches the password of an
     * account the user/domain names; empty for wrong credentials or NTLMv1.
     *
     * @throws NtlmException if the message is malformed
     */
    public Optional<NtlmSession> authenticate(byte[] msg, Challenge challenge, List<Account> accounts, String hostName) {
        if (messageType(msg) != 3 || msg.length < 64) {
            throw new NtlmException("not an NTLM AUTHENTICATE message");
        }
        int flags = le(msg).getInt(60);
        boolean unicode = (flags & UNICODE) != 0;
        byte[] nt = field(msg, 20);
        String domain = text(field(msg, 28), unicode);
        String user = text(field(msg, 36), unicode);
        byte[] encryptedKey = field(msg, 52);
        if (nt.length <= 24) {
            return Optional.empty();
        }
        byte[] proof = Arrays.copyOf(nt, 16);
        byte[] blob = Arrays.copyOfRange(nt, 16, nt.length);
        for (Account account : accounts) {
            if (!account.matches(domain, user, hostName)) {
                continue;
            }
            byte[] ntHash = NtlmCrypto.ntHash(account.password());
            List<String> candidates = new ArrayList<>(List.of(domain, domain.toUpperCase(Locale.ROOT), "",
                    account.isLocal() ? hostName.toUpperCase(Locale.ROOT) : account.domain().toUpperCase(Locale.ROOT)));
            for (String d : candidates) {
                byte[] responseKey = NtlmCrypto.hmacMd5(ntHash, utf16(user.toUpperCase(Locale.ROOT) + d));
                byte[] expected = NtlmCrypto.hmacMd5(responseKey, challenge.serverChallenge(), blob);
                if (MessageDigest.isEqual(expected, proof)) {
                    byte[] sessionBaseKey = NtlmCrypto.hmacMd5(responseKey, proof);
                    byte[] exported = (flags & KEY_EXCH) != 0 && encryptedKey.length == 16
                            ? NtlmCrypto.apply(NtlmCrypto.rc4(sessionBaseKey), encryptedKey) : sessionBaseKey;
                    return Optional.of(new NtlmSession(account, domain, user, exported, flags));
                }
            }
        }
        return Optional.empty();
    }

    private static byte[] field(byte[] msg, int offset) {
        ByteBuffer b = le(msg);
        int len = Short.toUnsignedInt(b.getShort(offset));
        int off = b.getInt(offset + 4);
        if (len == 0) {
            return new byte[0];
        }
        if (off < 0 || (long) off + len > msg.length) { // long: an offset near 2^31 must not wrap past the check
            throw new NtlmException("NTLM field at " + offset + " points outside the message");
        }
        return Arrays.copyOfRange(msg, off, off + len);
    }

    private static String text(byte[] b, boolean unicode) {
        return new String(b, unicode ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1);
    }

    private static byte[] utf16(String s) {
        return s.getBytes(StandardCharsets.UTF_16LE);
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer le(ByteBuffer b) {
        return b.order(ByteOrder.LITTLE_ENDIAN);
    }
}
