package org.eventbank.kit.topics;

import java.util.List;

/** An existing topic differs from its definition; the bootstrap refuses to go on. */
public final class TopicMismatchException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    TopicMismatchException(List<String> problems) {
        super("refusing to start: existing topics do not match their definitions:\n  - " + String.join("\n  - ", problems)
                + "\nA partition count cannot be changed in place (it would move accounts to another writer): use a new"
                + " topic prefix or recreate the topic. A config can be fixed with kafka-configs.sh --alter.");
        this.problems = List.copyOf(problems);
    }

    /** One line per difference, each naming the topic and the setting. */
    public List<String> problems() {
        return problems;
    }
}
