package dev.osiris.lab.chaos;

import java.util.Locale;

/** What the appliance's evidence says became of one attack. */
public enum Outcome {
    /** Healed and verified compliant afterwards. */
    HEALED,
    /** Detected and handed to a human (L3), with the appliance's reason: the mode forbids healing, flapping, ... */
    ESCALATED,
    /** Detected, remediated, but the remediation failed or did not verify (and nothing escalated). */
    HEAL_FAILED,
    /** Detected and recorded as a dry run: nothing changed. */
    DRY_RUN,
    /** Detected as drifted and nothing more within the timeout. */
    DETECTED_ONLY,
    /** The detect script itself failed on the host. */
    DETECT_ERROR,
    /** A miss: no evidence of the drift at all. */
    NOT_DETECTED,
    /** The appliance could not reach the host. */
    UNREACHABLE,
    /** The appliance could not log on because of clock skew (a DC far off refuses domain logons). */
    TIME_SKEW,
    /** The attack itself failed, so there was nothing to heal; not counted in heal rates. */
    ATTACK_FAILED,
    /** The campaign was interrupted before this round was judged. */
    INTERRUPTED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Counts toward the heal rate's denominator: the attack ran and the appliance was asked to judge it. */
    public boolean judged() {
        return this != ATTACK_FAILED && this != INTERRUPTED;
    }

    public static Outcome fromWire(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
