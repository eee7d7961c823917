package dev.osiris.agent.remote;

import javax.net.ServerSocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Misbehaving peers on 127.0.0.1 for failure-mode tests: one that accepts and never answers, and one that answers
 * every connection with fixed bytes (optionally over TLS with a throw-away self-signed certificate).
 */
final class TinyServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final byte[] answer;
    private volatile X509Certificate certificate;

    private TinyServer(ServerSocket server, byte[] answer) {
        this.server = server;
        this.answer = answer;
        Thread.ofVirtual().name("tiny-server").start(this::acceptLoop);
    }

    /** Accepts connections and never writes a byte. */
    static TinyServer silent() throws IOException {
        return new TinyServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), null);
    }

    /** Answers each connection with {@code answer}, then closes it. */
    static TinyServer answering(String answer) throws IOException {
        return new TinyServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), answer.getBytes(StandardCharsets.UTF_8));
    }

    /** A throw-away self-signed certificate for 127.0.0.1/localhost and a server SSLContext presenting it. */
    record SelfSigned(SSLContext context, X509Certificate certificate) {
        String sha256() throws Exception {
            return Fingerprints.sha256(certificate.getEncoded());
        }
    }

    static SelfSigned selfSigned(Path dir) throws Exception {
        Path store = dir.resolve("tls-" + System.nanoTime() + ".p12");
        LocalSshd.run(dir, "keytool", "-genkeypair", "-alias", "s", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        return new SelfSigned(ssl, (X509Certificate) ks.getCertificate("s"));
    }

    /** Like {@link #answering} but behind TLS with a fresh self-signed certificate for 127.0.0.1. */
    static TinyServer tlsAnswering(Path dir, String answer) throws Exception {
        SelfSigned cert = selfSigned(dir);
        ServerSocketFactory factory = cert.context().getServerSocketFactory();
        TinyServer server = new TinyServer(factory.createServerSocket(0, 50, InetAddress.getLoopbackAddress()),
                answer.getBytes(StandardCharsets.UTF_8));
        server.certificate = cert.certificate();
        return server;
    }

    int port() {
        return server.getLocalPort();
    }

    String certificateSha256() throws Exception {
        return Fingerprints.sha256(certificate.getEncoded());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                held.add(socket);
                if (answer != null) {
                    Thread.ofVirtual().start(() -> answer(socket));
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answer(Socket socket) {
        try (socket) {
            socket.getOutputStream().write(answer);
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            // drain what the client still sends so that it sees our answer rather than a reset
            socket.setSoTimeout(2000);
            socket.getInputStream().transferTo(OutputSink.INSTANCE);
        } catch (IOException ignored) {
            // client went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : held) {
            s.close();
        }
    }

    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
