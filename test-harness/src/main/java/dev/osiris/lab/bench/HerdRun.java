package dev.osiris.lab.bench;

import dev.osiris.agent.relay.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The thundering herd: {@code size} simulated appliances that checked in every minute until the relay went down for
 * {@code outage}, each retrying meanwhile on the agent's own schedule ({@link Backoff}: exponential with equal
 * jitter up to 5 minutes, the regular interval jittered by 10 %), worked out in simulated time; then, with the relay
 * back, every retry is sent in real time at its due moment (an open loop, latency from the due moment), a 503's
 * Retry-After honoured as the agent honours it (the wait asked for plus a spread of a tenth, never less than its own
 * backoff), a success followed by the next regular check-in. They share the provisioned identities (each request a
 * new report with its own seq and signature), not sockets: one pool of 256 connections carries them all.
 */
final class HerdRun {

    /** What the run measured, as printed. */
    record Result(List<String> lines, long ok, long shed, long errors, int answeredAppliances, Long recoveredAfterSeconds) {
    }

    private static final Duration INTERVAL = Duration.ofSeconds(60);
    private static final double JITTER = 0.1;
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final double AIM_P99_MS = 25;
    /** A window with fewer answers says nothing about a p99. */
    private static final int MIN_JUDGED = 100;

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final String host;
    private final int port;
    private final List<CheckinCalls.Appliance> identities;
    private final Backoff backoff;
    private final Random random = new Random(13);

    HerdRun(Vertx vertx, String host, int port, boolean tls, List<CheckinCalls.Appliance> identities) {
        this.vertx = vertx;
        this.host = host;
        this.port = port;
        this.identities = identities;
        this.backoff = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(300), random::nextDouble);
        HttpClientOptions options = new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000).setIdleTimeout(60);
        if (tls) {
            options.setSsl(true).setTrustAll(true).setVerifyHost(false)
                    .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"));
        }
        this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(256).setMaxWaitQueueSize(-1));
    }

    /** Runs for {@code seconds} after the relay is back; completes when every request sent has been answered. */
    Future<Result> run(int size, Duration outage, int seconds) {
        Promise<Result> done = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> new Run(size, outage, seconds, done).begin());
        return done.future().eventually(client::close);
    }

    private final class Run {
        private final int size;
        private final long endNanos;
        private final long[] due;
        private final int[] failures;
        private final boolean[] answered;
        private final PriorityQueue<Integer> queue;
        private final Promise<Result> done;
        private final List<String> lines = new ArrayList<>();
        private final long start = System.nanoTime();
        private Histogram window = histogram();
        private long windowStart = start;
        private long windowSent;
        private long windowOk;
        private long windowShed;
        private long windowErrors;
        private long windowLag;
        private long ok;
        private long shed;
        private long errors;
        private long inFlight;
        private boolean stopped;
        private long timer;
        private Long recoveredAt;

        Run(int size, Duration outage, int seconds, Promise<Result> done) {
            this.size = size;
            this.done = done;
            this.due = new long[size];
            this.failures = new int[size];
            this.answered = new boolean[size];
            this.queue = new PriorityQueue<>(size, (a, b) -> Long.compare(due[a], due[b]));
            this.endNanos = start + TimeUnit.SECONDS.toNanos(seconds);
            long outageMillis = outage.toMillis();
            for (int i = 0; i < size; i++) {
                // simulated time in ms, the relay back at 0: the last success fell in the interval before the outage
                long at = -outageMillis - (long) (random.nextDouble() * INTERVAL.toMillis());
                long next = at + backoff.jittered(INTERVAL, JITTER).toMillis();
                while (next < 0) {
                    if (next < -outageMillis) {
                        next += backoff.jittered(INTERVAL, JITTER).toMillis();
                    } else {
                        failures[i]++;
                        next += backoff.afterFailures(failures[i]).toMillis();
                    }
                }
                due[i] = start + TimeUnit.MILLISECONDS.toNanos(next);
                queue.add(i);
            }
        }

        void begin() {
            timer = vertx.setPeriodic(1, id -> tick());
        }

        private void tick() {
            long now = System.nanoTime();
            if (now >= endNanos) {
                stopped = true;
                vertx.cancelTimer(timer);
                closeWindow(now);
                finishIfIdle();
                return;
            }
            while (!queue.isEmpty() && due[queue.peek()] <= now) {
                int i = queue.poll();
                windowLag = Math.max(windowLag, (now - due[i]) / 1000);
                send(i);
            }
            if (now - windowStart >= WINDOW.toNanos()) {
                closeWindow(now);
            }
        }

        private void send(int i) {
            OpenLoopLoad.Call call = CheckinCalls.next(identities.get(i % identities.size()));
            RequestOptions options = new RequestOptions().setMethod(call.method()).setHost(host).setPort(port)
                    .setURI(call.path()).setTimeout(30_000);
            for (int h = 0; h + 1 < call.headers().length; h += 2) {
                options.putHeader(call.headers()[h], call.headers()[h + 1]);
            }
            long dueAt = due[i];
            inFlight++;
            windowSent++;
            client.request(options)
                    .compose(request -> request.send(call.body()))
                    .compose(response -> response.body().map(body -> new int[]{response.statusCode(),
                            retryAfter(response.getHeader("Retry-After"))}))
                    .onComplete(result -> answered(i, dueAt, result.succeeded() ? result.result() : null));
        }

        private void answered(int i, long dueAt, int[] answer) {
            inFlight--;
            long now = System.nanoTime();
            long next;
            if (answer != null && answer[0] == 200) {
                ok++;
                windowOk++;
                window.recordValue(Math.min(TimeUnit.SECONDS.toMicros(60), Math.max(0, (now - dueAt) / 1000)));
                answered[i] = true;
                failures[i] = 0;
                next = now + backoff.jittered(INTERVAL, JITTER).toNanos();
            } else if (answer != null && answer[0] == 503) {
                shed++;
                windowShed++;
                failures[i]++;
                next = now + backoff.afterRefusal(failures[i],
                        answer[1] < 0 ? null : Duration.ofSeconds(answer[1])).toNanos();
            } else {
                errors++;
                windowErrors++;
                failures[i]++;
                next = now + backoff.afterFailures(failures[i]).toNanos();
            }
            if (!stopped && next < endNanos) {
                due[i] = next;
                queue.add(i);
            }
            finishIfIdle();
        }

        private void closeWindow(long now) {
            if (windowSent == 0 && windowOk == 0 && windowShed == 0 && windowErrors == 0) {
                return;
            }
            double p99 = window.getTotalCount() == 0 ? 0 : window.getValueAtPercentile(99) / 1000.0;
            lines.add(String.format("  +%3.0f s  sent %6d  ok %6d (%6.0f/s)  503 %6d  errors %5d  p50 %8.2f ms"
                            + "  p99 %8.2f ms  generator lag max %7.1f ms", (now - start) / 1e9, windowSent, windowOk,
                    windowOk / ((now - windowStart) / 1e9), windowShed, windowErrors,
                    window.getTotalCount() == 0 ? 0 : window.getValueAtPercentile(50) / 1000.0, p99,
                    windowLag / 1000.0));
            boolean good = window.getTotalCount() >= MIN_JUDGED && p99 <= AIM_P99_MS && windowShed == 0
                    && windowErrors == 0;
            if (good && recoveredAt == null) {
                recoveredAt = (windowStart - start) / 1_000_000_000L;
            } else if (!good) {
                recoveredAt = null;
            }
            window = histogram();
            windowStart = now;
            windowSent = windowOk = windowShed = windowErrors = windowLag = 0;
        }

        private void finishIfIdle() {
            if (stopped && inFlight == 0 && !done.future().isComplete()) {
                Long recovered = recoveredAt;
                closeWindow(System.nanoTime()); // the answers that came after the end, shown but not judged
                recoveredAt = recovered;
                int reached = 0;
                for (boolean a : answered) {
                    reached += a ? 1 : 0;
                }
                done.complete(new Result(lines, ok, shed, errors, reached, recoveredAt));
            }
        }
    }

    private static int retryAfter(String header) {
        try {
            return header == null ? -1 : Integer.parseInt(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Histogram histogram() {
        return new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    }
}
