package dev.osiris.lab.windows.wsman;

import dev.osiris.lab.windows.wsman.ntlm.NtlmException;
import dev.osiris.lab.windows.wsman.ntlm.NtlmSession;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** MS-WSMV 2.2.9.1.1 multipart/encrypted bodies sealed with the connection's NTLM session. */
final class EncryptedBody {

    static final String CONTENT_TYPE =
            "multipart/encrypted;protocol=\"application/HTTP-SPNEGO-session-encrypted\";boundary=\"Encrypted Boundary\"";
    private static final String OCTET_HEADER = "\tContent-Type: application/octet-stream\r\n";
    private static final String END = "--Encrypted Boundary--\r\n";
    private static final Pattern LENGTH = Pattern.compile("Length=(\\d+)");

    private EncryptedBody() {
    }

    static boolean isEncrypted(String contentType) {
        return contentType != null && contentType.toLowerCase().startsWith("multipart/encrypted");
    }

    /** Decrypts a request body; throws {@link NtlmException} if it is malformed or does not verify. */
    static byte[] open(byte[] body, NtlmSession session) {
        String ascii = new String(body, StandardCharsets.ISO_8859_1);
        Matcher m = LENGTH.matcher(ascii);
        int octet = ascii.indexOf(OCTET_HEADER);
        if (!m.find() || octet < 0) {
            throw new NtlmException("multipart/encrypted body without OriginalContent Length or octet-stream part");
        }
        // the body bounds the length: more digits than an int has cannot fit, and the sum below must not overflow
        if (m.group(1).length() > 9) {
            throw new NtlmException("multipart/encrypted body: Length=" + m.group(1) + " is longer than the body");
        }
        int length = Integer.parseInt(m.group(1));
        int start = octet + OCTET_HEADER.length();
        if (start + 4 > body.length) {
            throw new NtlmException("multipart/encrypted body is truncated");
        }
        int sigLen = ByteBuffer.wrap(body, start, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int dataStart = start + 4 + 16;
        if (sigLen != 16 || (long) dataStart + length > body.length) {
            throw new NtlmException("multipart/encrypted body: bad signature length or payload shorter than Length="
                    + length);
        }
        byte[] signature = Arrays.copyOfRange(body, start + 4, dataStart);
        byte[] sealed = Arrays.copyOfRange(body, dataStart, dataStart + length);
        return session.unseal(signature, sealed);
    }

    static byte[] seal(byte[] plain, NtlmSession session) {
        byte[][] sealed = session.seal(plain);
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length + 300);
        out.writeBytes(("--Encrypted Boundary\r\n\tContent-Type: application/HTTP-SPNEGO-session-encrypted\r\n"
                + "\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=" + plain.length + "\r\n"
                + "--Encrypted Boundary\r\n" + OCTET_HEADER).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(16).array());
        out.writeBytes(sealed[0]);
        out.writeBytes(sealed[1]);
        out.writeBytes(END.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
