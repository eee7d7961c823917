package dev.osiris.protocol.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One check and its healing, as data (see RUNBOOKS.md): detect fragment, expectations evaluated here in Java,
 * remediation, optional verify script, and the controls a passing check evidences.
 *
 * @param sha256 hex SHA-256 of the runbook file, recorded in evidence next to id and version
 */
public record Runbook(String id, int version, String title, Platform platform, Severity severity, HealPolicy heal,
                      boolean standard, Map<Framework, List<String>> controls, Duration detectTimeout,
                      Duration remediateTimeout, ObjectNode params, String detect, List<Expectation> expect,
                      String remediate, String verify, String sha256) {

    public Runbook {
        controls = Map.copyOf(controls);
        expect = List.copyOf(expect);
        params = params.deepCopy();
    }

    public boolean autoHealable() {
        return heal == HealPolicy.AUTO && remediate != null;
    }

    /** The verify script when the runbook has its own; empty means "re-run detect". */
    public Optional<String> verifyScript() {
        return Optional.ofNullable(verify);
    }

    /**
     * Evaluates a detect result: {@code {"applicable": false}} is NOT_APPLICABLE, {@code {"_error": ...}} or a
     * non-object is ERROR, a parameter the expectations need but the site did not set is NOT_APPLICABLE, otherwise
     * COMPLIANT when every expectation holds and DRIFTED with the failures. A top-level {@code enforcedBy} (a list
     * of non-empty strings naming what enforces the observed values) is carried on the verdict, never checked as an
     * expectation; any other shape is ERROR.
     */
    public Verdict evaluate(JsonNode result, Baseline baseline) {
        if (result == null || !result.isObject()) {
            return Verdict.error("detect returned " + (result == null ? "nothing" : "a " + result.getNodeType().name().toLowerCase()
                    + ", not one JSON object"), result);
        }
        if (result.has("_error")) {
            return Verdict.error("detect failed: " + result.get("_error").asText(), result);
        }
        JsonNode applicable = result.get("applicable");
        if (applicable != null && applicable.isBoolean() && !applicable.booleanValue()) {
            String reason = result.path("reason").asText("not applicable on this host");
            return new Verdict(Verdict.Status.NOT_APPLICABLE, List.of(reason), result);
        }
        JsonNode enforced = result.get("enforcedBy");
        List<String> enforcedBy = new ArrayList<>();
        if (enforced != null && !enforced.isNull()) {
            if (!enforced.isArray()) {
                return Verdict.error("detect returned enforcedBy as a " + enforced.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                        + ", not a list of strings", result);
            }
            for (JsonNode source : enforced) {
                if (!source.isTextual() || source.textValue().isBlank()) {
                    return Verdict.error("detect returned an enforcedBy entry that is not a non-empty string: "
                            + Expectation.render(source), result);
                }
                enforcedBy.add(source.textValue());
            }
        }
        List<String> failures = new ArrayList<>();
        for (Expectation e : expect) {
            JsonNode operand = e.value();
            Optional<String> parameter = e.parameter();
            if (parameter.isPresent()) {
                operand = baseline.resolve(this, parameter.get());
                if (operand == null) {
                    return new Verdict(Verdict.Status.NOT_APPLICABLE,
                            List.of("site baseline parameter " + parameter.get() + " is not set"), result);
                }
            }
            failures.addAll(e.check(result, operand));
        }
        return failures.isEmpty() ? new Verdict(Verdict.Status.COMPLIANT, List.of(), result, enforcedBy)
                : new Verdict(Verdict.Status.DRIFTED, failures, result, enforcedBy);
    }

    @Override
    public String toString() {
        return id + " v" + version;
    }
}
