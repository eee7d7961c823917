package dev.osiris.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback ports for tests, which send traffic to loopback only. */
public final class LoopbackPort {

    private LoopbackPort() {
    }

    /**
     * A loopback port that was just free and has nothing listening: bound to port 0 and released, so a connection to
     * it is refused at once, and a server a test starts may take it (another process could take it first; a test
     * that needs the port held binds it itself).
     */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
