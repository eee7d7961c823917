package dev.osiris.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwaitTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        Await.result(vertx.close());
    }

    @Test
    void resultIsTheValueOfAFutureCompletedOnAnEventLoop() {
        Promise<String> promise = Promise.promise();
        vertx.setTimer(50, id -> promise.complete("done"));
        assertThat(Await.result(promise.future())).isEqualTo("done");
    }

    @Test
    void aFailedFutureFailsTheTestNamingTheAwaitingLineAndKeepingTheCause() {
        IOException cause = new IOException("disk gone");
        assertThatThrownBy(() -> Await.result(Future.failedFuture(cause)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("the future awaited at AwaitTest.lambda$")
                .hasMessageContaining("(AwaitTest.java:")
                .hasMessageEndingWith("failed: java.io.IOException: disk gone")
                .cause().isSameAs(cause);
    }

    @Test
    void aFutureThatNeverCompletesFailsAtTheDeadlineSayingWhatWasAwaited() {
        Future<String> never = Promise.<String>promise().future();
        long start = System.nanoTime();
        assertThatThrownBy(() -> Await.result("the relay's answer", never, Duration.ofMillis(200)))
                .isInstanceOf(AssertionError.class)
                .hasMessage("the relay's answer did not complete within 200 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    @Test
    void failureIsTheCauseOfAFailedFuture() {
        IllegalStateException cause = new IllegalStateException("refused");
        assertThat(Await.failure(Future.failedFuture(cause))).isSameAs(cause);
        assertThat(Await.failure(Future.failedFuture(cause), IllegalStateException.class)).isSameAs(cause);
    }

    @Test
    void failureOfAFutureThatSucceedsFailsTheTestWithTheValue() {
        assertThatThrownBy(() -> Await.failure(Future.succeededFuture("fine")))
                .isInstanceOf(AssertionError.class)
                .hasMessageEndingWith("was expected to fail, it succeeded with fine");
    }

    @Test
    void failureOfAnotherTypeFailsTheTestNamingBothTypes() {
        IOException cause = new IOException("disk gone");
        assertThatThrownBy(() -> Await.failure(Future.failedFuture(cause), IllegalStateException.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageEndingWith("was expected to fail with a IllegalStateException, it failed with "
                        + "java.io.IOException: disk gone")
                .cause().isSameAs(cause);
    }

    @Test
    void untilReturnsOnceTheConditionHolds() {
        AtomicInteger polls = new AtomicInteger();
        Await.until("the third poll", Duration.ofSeconds(10), () -> polls.incrementAndGet() == 3);
        assertThat(polls).hasValue(3);
    }

    @Test
    void untilGivesUpAtTheDeadlineNamingTheCondition() {
        assertThatThrownBy(() -> Await.until("the agent to start", Duration.ofMillis(100), () -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessage("gave up after 100 ms waiting for the agent to start");
    }

    @Test
    void awaitingOnAnEventLoopIsRefusedInsteadOfHanging() {
        Promise<Throwable> refused = Promise.promise();
        vertx.runOnContext(v -> {
            try {
                Await.result(Promise.promise().future(), Duration.ofSeconds(30));
                refused.complete(null);
            } catch (Throwable e) {
                refused.complete(e);
            }
        });
        assertThat(Await.result(refused.future(), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Await blocks")
                .hasMessageContaining("vert.x-eventloop-thread");
    }
}
