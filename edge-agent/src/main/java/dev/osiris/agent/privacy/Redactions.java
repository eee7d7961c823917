package dev.osiris.agent.privacy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.EnumMap;
import java.util.Map;

/**
 * How many values of each category a scrub replaced. Mutable and not thread-safe: one instance per record being
 * scrubbed, passed to {@link PhiScrubber#scrub(String, Redactions)} and friends, which add to it.
 */
public final class Redactions {

    private final EnumMap<PhiCategory, Integer> counts = new EnumMap<>(PhiCategory.class);

    void add(PhiCategory category) {
        counts.merge(category, 1, Integer::sum);
    }

    public int count(PhiCategory category) {
        return counts.getOrDefault(category, 0);
    }

    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }

    /** The non-zero counts in category order. */
    public Map<PhiCategory, Integer> asMap() {
        return Map.copyOf(counts);
    }

    /** The non-zero counts as an evidence field value, e.g. {@code {"ssn":1,"email":2}}. */
    public ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        counts.forEach((c, n) -> out.put(c.wire(), n));
        return out;
    }

    @Override
    public String toString() {
        return toJson().toString();
    }
}
