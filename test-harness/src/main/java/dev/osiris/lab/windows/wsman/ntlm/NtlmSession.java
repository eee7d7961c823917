package dev.osiris.lab.windows.wsman.ntlm;

import dev.osiris.lab.windows.model.Account;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.crypto.engines.RC4Engine;

/**
 * An authenticated NTLM context of one TCP connection: who logged on, and the sealing state
 * (two RC4 streams and sequence numbers, MS-NLMP 3.4.4.2 with extended session security).
 * Not thread-safe: a connection's messages are processed strictly in order.
 */
public final class NtlmSession {

    private static final int NEGOTIATE_KEY_EXCH = 0x40000000;
    private static final int NEGOTIATE_128 = 0x20000000;
    private static final int NEGOTIATE_56 = 0x80000000;
    private static final AtomicLong CONTEXTS = new AtomicLong();

    private final long id = CONTEXTS.incrementAndGet();

    private final Account account;
    private final String domain;
    private final String user;
    private final byte[] clientSignKey;
    private final byte[] serverSignKey;
    private final RC4Engine inRc4;
    private final RC4Engine outRc4;
    private final boolean keyExch;
    private int seqIn;
    private int seqOut;

    NtlmSession(Account account, String domain, String user, byte[] exportedSessionKey, int flags) {
        this.account = account;
        this.domain = domain;
        this.user = user;
        this.keyExch = (flags & NEGOTIATE_KEY_EXCH) != 0;
        this.clientSignKey = NtlmCrypto.md5(exportedSessionKey,
                magic("session key to client-to-server signing key magic constant"));
        this.serverSignKey = NtlmCrypto.md5(exportedSessionKey,
                magic("session key to server-to-client signing key magic constant"));
        byte[] sealBase = (flags & NEGOTIATE_128) != 0 ? exportedSessionKey
                : Arrays.copyOf(exportedSessionKey, (flags & NEGOTIATE_56) != 0 ? 7 : 5);
        this.inRc4 = NtlmCrypto.rc4(NtlmCrypto.md5(sealBase,
                magic("session key to client-to-server sealing key magic constant")));
        this.outRc4 = NtlmCrypto.rc4(NtlmCrypto.md5(sealBase,
                magic("session key to server-to-client sealing key magic constant")));
    }

    private static byte[] magic(String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        return Arrays.copyOf(t, t.length + 1);
    }

    public Account account() {
        return account;
    }

    /** Domain as the client sent it in the AUTHENTICATE message (may be empty). */
    public String domain() {
        return domain;
    }

    public String user() {
        return user;
    }

    /** A process-wide number of this security context, for the wire log. */
    public long id() {
        return id;
    }

    /** The sequence number the next client message must carry. */
    public int seqIn() {
        return seqIn;
    }

    /** The sequence number the next server message will carry. */
    public int seqOut() {
        return seqOut;
    }

    /** Decrypts and verifies a client message; throws {@link NtlmException} on a bad signature or sequence. */
    public byte[] unseal(byte[] signature, byte[] sealed) {
        if (signature.length != 16) {
            throw new NtlmException("NTLM signature must be 16 bytes, got " + signature.length);
        }
        byte[] plain = NtlmCrypto.apply(inRc4, sealed);
        byte[] seq = le32(seqIn);
        byte[] checksum = Arrays.copyOf(NtlmCrypto.hmacMd5(clientSignKey, seq, plain), 8);
        if (keyExch) {
            checksum = NtlmCrypto.apply(inRc4, checksum);
        }
        if (!MessageDigest.isEqual(checksum, Arrays.copyOfRange(signature, 4, 12))
                || !MessageDigest.isEqual(seq, Arrays.copyOfRange(signature, 12, 16))) {
            int claimed = ByteBuffer.wrap(signature, 12, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            throw new NtlmException("NTLM message signature or sequence number does not verify (context " + id
                    + ", expected seq " + seqIn + ", message claims seq " + claimed + ")");
        }
        seqIn++;
        return plain;
    }

    /** Encrypts a server message: returns the 16-byte signature followed by the sealed bytes. */
    public byte[][] seal(byte[] plain) {
        byte[] sealed = NtlmCrypto.apply(outRc4, plain);
        byte[] seq = le32(seqOut);
        byte[] checksum = Arrays.copyOf(NtlmCrypto.hmacMd5(serverSignKey, seq, plain), 8);
        if (keyExch) {
            checksum = NtlmCrypto.apply(outRc4, checksum);
        }
        byte[] signature = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(1).put(checksum).put(seq).array();
        seqOut++;
        return new byte[][]{signature, sealed};
    }

    static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
