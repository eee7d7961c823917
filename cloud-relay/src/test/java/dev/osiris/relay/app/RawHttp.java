package dev.osiris.relay.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** One raw HTTP/1.1 connection for tests that must send what a well-behaved client never would. Loopback only. */
final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    static RawHttp open(int port) {
        return open(port, null);
    }

    /** @param source the loopback address to send from (127.0.0.2 ...), or null for any */
    static RawHttp open(int port, String source) {
        try {
            Socket socket = new Socket();
            if (source != null) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            }
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            return new RawHttp(socket);
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect to 127.0.0.1:" + port + ": " + e, e);
        }
    }

    /** The head of a request; {@code headers} are "Name: value" lines. */
    static String head(String method, String path, String... headers) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** @return false when the peer has closed the connection meanwhile */
    boolean write(String text) {
        return write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    boolean write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads one response head (status line and headers) within {@code within}.
     *
     * @return the head, or null when the connection closed before one came; fails when nothing came in time
     */
    String readHead(Duration within) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            socket.setSoTimeout((int) within.toMillis());
            int b;
            while ((b = in.read()) != -1) {
                head.write(b);
                if (head.size() >= 4 && head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
            }
            return null;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no response within " + within.toMillis() + " ms; got so far: " + head);
        } catch (IOException e) {
            return null; // reset
        }
    }

    /** Reads and drops what the peer sends until it closes the connection; fails if it is still open after {@code within}. */
    void awaitClosed(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            byte[] sink = new byte[4096];
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new AssertionError("connection still open after " + within.toMillis() + " ms");
                }
                socket.setSoTimeout((int) left);
                if (in.read(sink) == -1) {
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection still open after " + within.toMillis() + " ms");
        } catch (IOException e) {
            // reset: closed too
        }
    }

    static int status(String head) {
        return Integer.parseInt(head.substring(9, 12));
    }

    /** Closes with a TCP reset instead of a clean close. */
    void reset() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closed already: nothing to reset
        }
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }
}
