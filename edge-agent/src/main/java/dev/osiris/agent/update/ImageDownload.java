package dev.osiris.agent.update;

import dev.osiris.agent.config.UpdateConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fetches a release image into the staging file, resuming from what is staged already (HTTP Range). Blocking: runs
 * on the updater's own platform thread. {@code HttpClient}'s request timeout covers only the wait for the response's
 * headers, so a watchdog closes the body stream when no byte arrived within the read timeout: a stalled server
 * frees the thread instead of holding it forever.
 *
 * <p>The client speaks HTTP/1.1 only. Left to its default it asks a plain-http server for an h2c upgrade (and https
 * servers for h2 by ALPN); over HTTP/2 a connection dropped half way failed the stream with the bytes already received
 * still unread in the client's buffers (they are discarded once the body fails), and at times the client misread the
 * rest as frames. One large body read from start to end gains nothing from HTTP/2, and on HTTP/1.1 the client hands
 * over every byte it received before it reports the break, so a resume starts where the transfer broke.
 */
public final class ImageDownload {

    private static final int CHUNK = 1 << 20;

    private final UpdateConfig config;
    private final HttpClient client;
    private final ScheduledExecutorService watchdog;
    private final Crashpoints crash;
    private final ImageAuth auth;

    /** @param auth the headers each request carries (the relay's images are signed for, as check-ins are) */
    public ImageDownload(UpdateConfig config, Crashpoints crash, ImageAuth auth) {
        this.config = config;
        this.crash = crash;
        this.auth = auth;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "osiris-update-download-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Refuses a URL this appliance must not fetch from: anything but https, except plain http to a loopback address
     * when {@code allowHttp} is configured (tests).
     */
    public void checkUrl(URI url) {
        if ("https".equals(url.getScheme())) {
            return;
        }
        if (!config.allowHttp()) {
            throw new UpdateRefused("url: " + url + " is not https");
        }
        try {
            if (!InetAddress.getByName(url.getHost()).isLoopbackAddress()) {
                throw new UpdateRefused("url: plain http is allowed only to a loopback address, not " + url.getHost());
            }
        } catch (UnknownHostException e) {
            throw new UpdateRefused("url: unknown host " + url.getHost());
        }
    }

    /**
     * Makes {@code staged} hold the first {@code size} bytes of the image, appending to what it holds. Fails with
     * {@link UpdateRefused} when the server sends more than {@code size} bytes or fewer in a complete response, and
     * with {@link IOException} when the transfer breaks off (resumable: call again).
     */
    public void fetch(URI url, long size, Path staged) throws IOException {
        long have = Files.exists(staged) ? Files.size(staged) : 0;
        if (have > size) {
            Files.delete(staged);
            have = 0;
        }
        if (have == size) {
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(config.readTimeout()).GET();
        auth.headers(url).forEach(request::header);
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("download interrupted", e);
        }
        boolean append = have > 0 && response.statusCode() == 206;
        if (!append && response.statusCode() != 200) {
            response.body().close();
            throw new IOException("release server answered " + response.statusCode() + " for " + url);
        }
        long offset = append ? have : 0;
        try (InputStream in = response.body();
             FileChannel out = FileChannel.open(staged, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            out.truncate(offset);
            out.position(offset);
            long promised = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            copy(in, out, offset, size, promised < 0 ? -1 : offset + promised);
            out.force(true);
        }
    }

    /** @param promisedEnd where the server's answer says it ends (offset plus its Content-Length), -1 when unsaid */
    private void copy(InputStream in, FileChannel out, long offset, long size, long promisedEnd) throws IOException {
        AtomicLong lastProgress = new AtomicLong(System.nanoTime());
        long timeoutNanos = config.readTimeout().toNanos();
        ScheduledFuture<?> dog = watchdog.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastProgress.get() > timeoutNanos) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // the reader sees the closed stream and fails with its own error
                }
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
        try {
            byte[] buffer = new byte[CHUNK];
            long written = offset;
            boolean first = true;
            int n;
            while ((n = in.read(buffer)) > 0) {
                lastProgress.set(System.nanoTime());
                if (written + n > size) {
                    throw new UpdateRefused("size: the server sent more than the " + size + " bytes the manifest names");
                }
                ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                while (b.hasRemaining()) {
                    out.write(b);
                }
                written += n;
                if (first) {
                    first = false;
                    out.force(false);
                    crash.reached("download:partial");
                }
            }
            if (written < size && promisedEnd > written) {
                // the connection ended before the answer's own length: interrupted, resumed by the next attempt
                throw new IOException("download interrupted at " + written + " of " + promisedEnd + " bytes");
            }
            if (written < size) {
                throw new UpdateRefused("size: the server's complete answer held " + written + " of " + size + " bytes");
            }
        } catch (IOException e) {
            if (System.nanoTime() - lastProgress.get() > timeoutNanos) {
                throw new IOException("download stalled: no bytes for " + config.readTimeout().toSeconds() + " s", e);
            }
            throw e;
        } finally {
            dog.cancel(false);
        }
    }
}
