package org.eventbank.kit.topics;

import java.util.List;

/**
 * The bank's topics are not as defined: an existing topic differs, or (at a service's start) a topic is missing or
 * its {@code min.insync.replicas} is below the rule, which the topic bootstrap fixes. Nothing was changed.
 */
public final class TopicMismatchException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** What a service that finds a topic missing is told to run (docs/operations.md "The topic bootstrap"). */
    static final String BOOTSTRAP_STEP = "Topics are created, and their min.insync.replicas raised, by the topic"
            + " bootstrap, a step of its own run as the admin principal before the services start: ./bank up runs it,"
            + " the compose stacks' topic-init service runs it, elsewhere run"
            + " java -cp <a service's jar> org.eventbank.kit.topics.TopicBootstrapMain with the same BANK_ settings"
            + " (docs/operations.md, \"The topic bootstrap\").";

    private final List<String> problems;

    /**
     * @param bootstrapWouldFix some problem is a missing topic or a {@code min.insync.replicas} below the rule: the
     *                          message names the topic bootstrap step
     * @param layoutDiffers     some problem is an existing topic the bootstrap cannot fix: the message says what can
     */
    TopicMismatchException(List<String> problems, boolean bootstrapWouldFix, boolean layoutDiffers) {
        super("refusing to start: the bank's topics do not match their definitions:\n  - " + String.join("\n  - ", problems)
                + (bootstrapWouldFix ? "\n" + BOOTSTRAP_STEP : "")
                + (layoutDiffers ? "\nA partition count cannot be changed in place (it would move accounts to another writer):"
                + " use a new topic prefix or recreate the topic. A config can be fixed with kafka-configs.sh --alter." : ""));
        this.problems = List.copyOf(problems);
    }

    /** One line per difference, each naming the topic and the setting. */
    public List<String> problems() {
        return problems;
    }
}
