package dev.osiris.agent.remote;

import dev.osiris.agent.runbook.DetectBatch;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A {@link RemoteShell} whose answers the test scripts, for component tests of what drives shells (drift engine,
 * healer, resolution applier). Answers are given per script name (the runner's {@code detect-batch},
 * {@code remediate-RB-...}), used in order, the last one repeating; an answer is a result, a {@link RemoteFailure}
 * (a timeout, a broken transport), or a {@link Promise} the test completes itself. Every script that ran is
 * recorded, in order. A script with no answer, or one run after {@link #close()}, fails with {@code PROTOCOL} as a
 * real shell would. Thread-safe.
 */
public final class ScriptedRemoteShell implements RemoteShell {

    /** What the shell answers one script with. */
    @FunctionalInterface
    public interface Answer {
        Future<ScriptResult> to(Script script);
    }

    private final String host;
    private final Map<String, Deque<Answer>> answers = new HashMap<>();
    private final List<Script> ran = new ArrayList<>();
    private int closes;

    public ScriptedRemoteShell(String host) {
        this.host = host;
    }

    /** Answers the scripts named {@code scriptName} with these answers in order; the last one repeats. */
    public synchronized ScriptedRemoteShell on(String scriptName, Answer... inOrder) {
        if (inOrder.length == 0) {
            throw new IllegalArgumentException("no answer for " + scriptName);
        }
        answers.put(scriptName, new ArrayDeque<>(List.of(inOrder)));
        return this;
    }

    /** Exits with {@code code}. */
    public static Answer exit(int code, String stdout, String stderr) {
        return script -> Future.succeededFuture(new ScriptResult(code, stdout, stderr, Duration.ofMillis(5), false, false));
    }

    /** Exits 0 printing {@code stdout}. */
    public static Answer ok(String stdout) {
        return exit(0, stdout, "");
    }

    /** The Windows detect batch's output: one JSON detect result per runbook id. */
    public static Answer detected(Map<String, String> resultById) {
        String document = resultById.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
        return ok(DetectBatch.BEGIN + "\n" + document + "\n" + DetectBatch.END + "\n");
    }

    /** The Windows detect batch's output for one runbook. */
    public static Answer detected(String runbookId, String result) {
        return detected(Map.of(runbookId, result));
    }

    /** Fails as the shell would for this reason. */
    public static Answer failing(RemoteFailure.Reason reason, String message) {
        return script -> Future.failedFuture(new RemoteFailure(reason, script.name() + ": " + message));
    }

    /** The script overran its timeout (the command was terminated on the host). */
    public static Answer timingOut() {
        return script -> Future.failedFuture(new RemoteFailure(RemoteFailure.Reason.TIMEOUT,
                script.name() + " did not finish within " + script.timeout()));
    }

    /** Still running until the test completes (or fails) {@code promise}. */
    public static Answer pending(Promise<ScriptResult> promise) {
        return script -> promise.future();
    }

    @Override
    public Future<ScriptResult> run(Script script) {
        Answer answer;
        synchronized (this) {
            ran.add(script);
            if (closes > 0) {
                return Future.failedFuture(new RemoteFailure(RemoteFailure.Reason.PROTOCOL, describe() + " is closed"));
            }
            Deque<Answer> queue = answers.get(script.name());
            if (queue == null) {
                return Future.failedFuture(new RemoteFailure(RemoteFailure.Reason.PROTOCOL,
                        "nothing scripted for " + script.name()));
            }
            answer = queue.size() > 1 ? queue.pollFirst() : queue.peekFirst();
        }
        return answer.to(script);
    }

    /** The names of the scripts run so far, in order. */
    public synchronized List<String> ranNames() {
        return ran.stream().map(Script::name).toList();
    }

    /** The scripts run so far, in order (bodies as sent, with the platform wrapper). */
    public synchronized List<Script> ran() {
        return List.copyOf(ran);
    }

    public synchronized boolean closed() {
        return closes > 0;
    }

    @Override
    public String describe() {
        return "scripted://" + host;
    }

    @Override
    public synchronized Future<Void> close() {
        closes++;
        return Future.succeededFuture();
    }
}
