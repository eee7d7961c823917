package dev.osiris.lab.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Histogram;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * A constant-arrival-rate load generator: request {@code i} is due at {@code start + i / rate} whatever happened to
 * the earlier ones (an open loop), and its latency is measured from when it was due, not from when a connection
 * became free, so a slow server cannot hide its queueing (no coordinated omission). It runs on one event loop of
 * its own JVM and reports how far its own sending fell behind schedule, which shows whether it was the bottleneck.
 */
public final class OpenLoopLoad {

    /** One request to send: method, path, headers and body. */
    public record Call(HttpMethod method, String path, String[] headers, Buffer body) {
    }

    /** What a step measured. */
    public record Result(String label, int targetRate, long sent, long ok, long failed, double seconds,
                         Histogram latencyMicros, long maxSendLagMicros, String firstError) {

        public double achievedRate() {
            return ok / seconds;
        }

        /** One row of {@code bench relay}: the rates, p50/p99/p99.9, errors and the generator's lag. */
        public String row() {
            return String.format("%-30s %6d/s %8.0f/s %8.2f %8.2f %9.2f %7d %8.1f",
                    label, targetRate, achievedRate(), latencyMicros.getValueAtPercentile(50) / 1000.0,
                    latencyMicros.getValueAtPercentile(99) / 1000.0,
                    latencyMicros.getValueAtPercentile(99.9) / 1000.0, failed, maxSendLagMicros / 1000.0);
        }

        public String line() {
            return String.format("%-28s target %6d/s  achieved %8.0f/s  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms"
                            + "  errors %d  generator lag max %.1f ms%s",
                    label, targetRate, achievedRate(), latencyMicros.getValueAtPercentile(50) / 1000.0,
                    latencyMicros.getValueAtPercentile(99) / 1000.0, latencyMicros.getMaxValue() / 1000.0, failed,
                    maxSendLagMicros / 1000.0, firstError == null ? "" : "  first error: " + firstError);
        }
    }

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final String host;
    private final int port;

    public OpenLoopLoad(Vertx vertx, String host, int port, boolean tls, int connections) {
        this.vertx = vertx;
        this.host = host;
        this.port = port;
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setConnectTimeout(5_000)
                .setIdleTimeout(60);
        if (tls) {
            options.setSsl(true).setTrustAll(true).setVerifyHost(false) // the bench's own self-signed relay
                    .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"));
        }
        this.client = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(connections)
                .setMaxWaitQueueSize(-1));
    }

    /**
     * Sends {@code rate * seconds} calls at a constant rate; {@code calls} makes the i-th call (it should be cheap:
     * build bodies beforehand). Completes when every call has been answered or has timed out.
     */
    public Future<Result> run(String label, int rate, int seconds, LongFunction<Call> calls) {
        long total = (long) rate * seconds;
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        Promise<Result> done = Promise.promise();
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> new Step(label, rate, total, calls, histogram, done).begin());
        return done.future();
    }

    private final class Step {
        private final String label;
        private final int rate;
        private final long total;
        private final LongFunction<Call> calls;
        private final Histogram histogram;
        private final Promise<Result> done;
        private long startNanos;
        private long issued;
        private long answered;
        private long ok;
        private long failed;
        private long maxLagMicros;
        private String firstError;
        private long timer;

        Step(String label, int rate, long total, LongFunction<Call> calls, Histogram histogram, Promise<Result> done) {
            this.label = label;
            this.rate = rate;
            this.total = total;
            this.calls = calls;
            this.histogram = histogram;
            this.done = done;
        }

        void begin() {
            startNanos = System.nanoTime();
            timer = vertx.setPeriodic(1, id -> tick());
        }

        private long dueNanos(long i) {
            return startNanos + i * 1_000_000_000L / rate;
        }

        private void tick() {
            long now = System.nanoTime();
            while (issued < total && dueNanos(issued) <= now) {
                long due = dueNanos(issued);
                maxLagMicros = Math.max(maxLagMicros, (now - due) / 1000);
                send(calls.apply(issued), due);
                issued++;
            }
            if (issued == total) {
                vertx.cancelTimer(timer);
            }
        }

        private void send(Call call, long dueNanos) {
            RequestOptions options = new RequestOptions().setMethod(call.method()).setHost(host).setPort(port)
                    .setURI(call.path()).setTimeout(30_000);
            for (int h = 0; h + 1 < call.headers().length; h += 2) {
                options.putHeader(call.headers()[h], call.headers()[h + 1]);
            }
            client.request(options)
                    .compose(request -> call.body() == null ? request.send() : request.send(call.body()))
                    .compose(response -> response.body().map(body -> {
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException(response.statusCode() + " " + body.toString());
                        }
                        return body;
                    }))
                    .onComplete(result -> {
                        if (result.succeeded()) {
                            ok++;
                            histogram.recordValue(Math.max(0, (System.nanoTime() - dueNanos) / 1000));
                        } else {
                            failed++;
                            if (firstError == null) {
                                firstError = result.cause().getMessage();
                            }
                        }
                        if (++answered == total) {
                            double seconds = (System.nanoTime() - startNanos) / 1e9;
                            done.complete(new Result(label, rate, issued, ok, failed, seconds, histogram,
                                    maxLagMicros, firstError));
                        }
                    });
        }
    }

    public Future<Void> close() {
        return client.close();
    }
}
