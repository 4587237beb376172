package org.eventbank.platform.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eventbank.platform.RepoRoot;
import org.junit.jupiter.api.Test;

/**
 * The README's walkthrough is the rendering of walkthrough.json, which BankWalkthroughIT runs: so
 * the README shows exactly the requests and answers the end-to-end test checks.
 */
class WalkthroughDocTest {

    @Test
    void shouldShowTheWalkthroughExactlyAsTheEndToEndTestRunsIt() throws Exception {
        Path doc = RepoRoot.find().resolve("README.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);

        int begin = text.indexOf(WalkthroughMarkdown.BEGIN);
        int end = text.indexOf(WalkthroughMarkdown.END);
        assertThat(begin).as(doc + " has the walkthrough markers").isNotNegative();
        assertThat(end).isGreaterThan(begin);

        assertThat(text.substring(begin, end + WalkthroughMarkdown.END.length()))
                .as("the walkthrough section of " + doc + "; regenerate it with"
                        + " java -cp infra/platform/target/bank-platform.jar org.eventbank.platform.walkthrough.WalkthroughMarkdown")
                .isEqualTo(WalkthroughMarkdown.render(Walkthrough.load()));
    }
}
