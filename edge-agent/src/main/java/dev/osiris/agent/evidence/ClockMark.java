package dev.osiris.agent.evidence;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the evidence store says, in each entry it records, about the clock that stamped it: evidence made while the
 * appliance's clock is not trusted carries the mark in its details (under {@code clock}), so it is signed with it.
 */
public interface ClockMark {

    /** The object to record under {@code clock}, or null to add nothing (a trusted or unchecked clock). Any thread. */
    ObjectNode mark();

    ClockMark NONE = () -> null;
}
