package dev.osiris.relay.app;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;

/**
 * One TLS handshake in memory, between two JDK engines, with the relay's own key: the first handshake of a JVM
 * loads and links the JDK's TLS stack (measured at ~3 s on a loaded 2-core machine), which must not happen on an
 * event loop in the first client's handshake. Run once at start, on a worker.
 */
final class TlsWarmup {

    private static final int MAX_STEPS = 200;

    private TlsWarmup() {
    }

    /** @throws SSLException if the handshake fails: the relay's key or certificate is then unusable */
    static void handshake(KeyManagerFactory keys) throws Exception {
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keys.getKeyManagers(), null, null);
        SSLContext client = SSLContext.getInstance("TLS");
        // the client only drives the handshake; what it trusts does not matter for warming
        client.init(null, new TrustManager[]{new AnyServer()}, null);
        SSLEngine s = server.createSSLEngine();
        s.setUseClientMode(false);
        SSLEngine c = client.createSSLEngine("127.0.0.1", 443);
        c.setUseClientMode(true);
        ByteBuffer toServer = ByteBuffer.allocate(c.getSession().getPacketBufferSize());
        ByteBuffer toClient = ByteBuffer.allocate(s.getSession().getPacketBufferSize());
        ByteBuffer app = ByteBuffer.allocate(Math.max(c.getSession().getApplicationBufferSize(),
                s.getSession().getApplicationBufferSize()));
        c.beginHandshake();
        s.beginHandshake();
        for (int i = 0; i < MAX_STEPS; i++) {
            if (done(c) && done(s)) {
                return;
            }
            step(c, toClient, toServer, app);
            step(s, toServer, toClient, app);
        }
        throw new SSLException("the TLS warm-up handshake did not finish in " + MAX_STEPS + " steps");
    }

    private static boolean done(SSLEngine e) {
        SSLEngineResult.HandshakeStatus h = e.getHandshakeStatus();
        return h == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING || h == SSLEngineResult.HandshakeStatus.FINISHED;
    }

    /** Lets {@code engine} read what it was sent, run its tasks and write what it has to say. */
    private static void step(SSLEngine engine, ByteBuffer in, ByteBuffer out, ByteBuffer app) throws SSLException {
        in.flip();
        while (in.hasRemaining() && engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_UNWRAP) {
            app.clear();
            if (engine.unwrap(in, app).getStatus() != SSLEngineResult.Status.OK) {
                break;
            }
            runTasks(engine);
        }
        in.compact();
        runTasks(engine);
        while (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
            if (engine.wrap(ByteBuffer.allocate(0), out).getStatus() != SSLEngineResult.Status.OK) {
                break;
            }
            runTasks(engine);
        }
    }

    private static void runTasks(SSLEngine engine) {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
    }

    private static final class AnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
