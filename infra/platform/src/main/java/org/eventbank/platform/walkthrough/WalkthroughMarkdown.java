package org.eventbank.platform.walkthrough;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/**
 * Renders the {@link Walkthrough} as the README's Markdown section, between the markers
 * {@link #BEGIN} and {@link #END}. {@code WalkthroughDocTest} fails when the README's section differs;
 * {@code java -cp infra/platform/target/bank-platform.jar org.eventbank.platform.walkthrough.WalkthroughMarkdown}
 * prints the section to paste.
 */
public final class WalkthroughMarkdown {

    public static final String BEGIN = "<!-- walkthrough:begin (generated from infra/platform/src/main/resources/org/eventbank/platform/walkthrough.json; do not edit here) -->";
    public static final String END = "<!-- walkthrough:end -->";

    private static final ObjectMapper JSON = new ObjectMapper();

    private WalkthroughMarkdown() {
    }

    public static void main(String[] args) {
        System.out.println(render(Walkthrough.load()));
    }

    /** The section, markers included. */
    public static String render(Walkthrough walkthrough) {
        StringBuilder md = new StringBuilder(BEGIN).append("\n");
        int number = 1;
        for (Walkthrough.Step step : walkthrough.steps()) {
            md.append("\n**").append(number++).append(". ").append(step.title()).append("**");
            if (!step.explain().isEmpty()) {
                md.append(" ").append(step.explain());
            }
            md.append("\n\n```bash\n").append(Walkthrough.curl(step, "localhost:8080", "localhost:8081")).append("\n```\n");
            if (step.target() == Walkthrough.Target.TAIL) {
                md.append("\nprints\n\n```\n");
                step.output().forEach(line -> md.append(line.replace("<instant>", "2026-11-23T10:15:30.123Z")).append('\n'));
                md.append("```\n");
            } else if (step.target() == Walkthrough.Target.TOKEN) {
                // prints nothing: the token is in the shell variable the later steps send
                continue;
            } else {
                md.append(step.eventually() ? "\nanswers, once the projector has folded it (a moment), `" : "\nanswers `")
                        .append(step.status()).append('`');
                step.responseHeaders().forEach((name, value) -> md.append(" with `").append(name).append(": ").append(value).append('`'));
                md.append(" and (at least)\n\n```json\n").append(pretty(step)).append("\n```\n");
            }
        }
        return md.append("\n").append(END).toString();
    }

    private static String pretty(Walkthrough.Step step) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return JSON.writer(printer).writeValueAsString(step.response());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
