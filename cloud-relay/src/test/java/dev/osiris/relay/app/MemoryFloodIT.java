package dev.osiris.relay.app;

import dev.osiris.protocol.Api;
import dev.osiris.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A relay in its own JVM with a small heap under a flood of large unauthenticated posts: each is refused from its
 * headers, the heap holds (an out-of-memory error would end the JVM: it runs with -XX:+ExitOnOutOfMemoryError),
 * and /health answers throughout.
 */
class MemoryFloodIT {

    private static final Pattern LISTENING = Pattern.compile("osiris relay listening on (http://127\\.0\\.0\\.1:\\d+)");
    private static final int POSTS = 36;
    private static final int BODY_BYTES = 15_000_000;

    @TempDir
    Path dir;

    private Process relay;

    @AfterEach
    void stopRelay() throws InterruptedException, IOException {
        if (relay != null && relay.isAlive()) {
            relay.destroy(); // SIGTERM: the relay stops its PostgreSQL
            if (!relay.waitFor(90, TimeUnit.SECONDS)) {
                relay.destroyForcibly();
            }
        }
        // a relay that died (as one out of heap does) leaves its embedded PostgreSQL running: stop it
        Path pid = dir.resolve("relay/pg/postmaster.pid");
        if (Files.exists(pid)) {
            ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).getFirst().strip()))
                    .filter(p -> p.info().command().orElse("").endsWith("postgres"))
                    .ifPresent(ProcessHandle::destroy);
        }
    }

    private String startRelay() throws IOException {
        Path log = dir.resolve("relay.log");
        relay = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), "dev.osiris.relay.app.RelayMain",
                "--data-dir", dir.resolve("relay").toString(), "serve", "--port", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String[] baseUrl = new String[1];
        Await.until("the relay to listen", Duration.ofSeconds(180), () -> {
            assertThat(relay.isAlive()).as("relay alive while starting; its log: %s", read(log)).isTrue();
            Matcher m = LISTENING.matcher(read(log));
            if (m.find()) {
                baseUrl[0] = m.group(1);
                return true;
            }
            return false;
        });
        return baseUrl[0];
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void manyConcurrentLargeUnauthenticatedPostsAreRefusedWhileHealthAnswersAndTheHeapHolds() throws Exception {
        String base = startRelay();
        byte[] body = new byte[BODY_BYTES];
        java.util.Arrays.fill(body, (byte) '{');
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicInteger healthy = new AtomicInteger();
        AtomicReference<String> healthFailure = new AtomicReference<>();
        // the probe has its own client: one client's selector busy with 36 uploads must not be what delays it
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
             HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> health = pool.submit(() -> {
                // polls for as long as the flood lasts; the first failure ends the polling and the test
                while (flooding.get()) {
                    try {
                        // generous for a machine shared with other builds; a relay out of heap never answers
                        HttpResponse<String> r = probe.send(HttpRequest.newBuilder(URI.create(base + Api.HEALTH))
                                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            healthFailure.set("status " + r.statusCode());
                            return null;
                        }
                        healthy.incrementAndGet();
                    } catch (Exception e) {
                        healthFailure.set(e.toString());
                        return null;
                    }
                }
                return null;
            });
            List<Future<Integer>> posts = new ArrayList<>();
            for (int i = 0; i < POSTS; i++) {
                String path = i % 3 == 2 ? Api.CHECKIN : Api.EVIDENCE_BUNDLES;
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                if (i % 2 == 1) {
                    request.header(Api.API_KEY_HEADER, "osk_unknown-" + i);
                }
                posts.add(pool.submit(() -> client.send(request.build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> post : posts) {
                statuses.add(post.get(60, TimeUnit.SECONDS));
            }
            flooding.set(false);
            health.get(30, TimeUnit.SECONDS);

            assertThat(statuses).hasSize(POSTS).allSatisfy(s -> assertThat(s).isIn(401, 413, 503));
            assertThat(healthFailure.get()).as("/health during the flood").isNull();
            assertThat(healthy.get()).isPositive();
            assertThat(relay.isAlive()).as("relay alive after the flood; its log: %s", read(dir.resolve("relay.log")))
                    .isTrue();
            HttpResponse<String> after = client.send(HttpRequest.newBuilder(URI.create(base + Api.HEALTH))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(after.statusCode()).isEqualTo(200);
        }
        assertThat(read(dir.resolve("relay.log"))).doesNotContain("OutOfMemoryError");
    }
}
