package dev.osiris.agent.privacy;

import com.fasterxml.jackson.databind.JsonNode;

/** Removes PHI from whatever leaves the appliance (evidence details, incidents, e-mail text). */
public interface Redactor {

    String text(String text);

    JsonNode json(JsonNode node);
}
