package dev.osiris.agent.update;

/**
 * Named points in the update where a power cut is most harmful; the power-cut test kills the agent at each. In the
 * field {@link #NONE}.
 */
@FunctionalInterface
public interface Crashpoints {

    Crashpoints NONE = point -> { };

    void reached(String point);
}
