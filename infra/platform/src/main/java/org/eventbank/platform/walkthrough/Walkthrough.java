package org.eventbank.platform.walkthrough;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The README's first-steps walkthrough as data ({@code walkthrough.json} next to this class): one
 * source for the README section ({@link WalkthroughMarkdown}), the end-to-end test that runs it
 * ({@code BankWalkthroughIT}) and the first commands {@code ./bank up} prints (a token, then a curl), so none of them
 * can drift from the others.
 */
public record Walkthrough(List<Step> steps) {

    static final String RESOURCE = "/org/eventbank/platform/walkthrough.json";
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Which process a step talks to: a service over HTTP, {@code ./bank tail}, or {@code ./bank token} into a shell
     * variable ({@code NAME=$(./bank token ...)}), which later requests send as their bearer token.
     */
    public enum Target { ACCOUNT, LEDGER, TAIL, TOKEN }

    /**
     * One step: an HTTP request and its expected answer, or (for {@link Target#TAIL}) a command and its expected output,
     * or (for {@link Target#TOKEN}) a token minted into a shell variable.
     *
     * @param token           the shell variable holding the bearer token the request sends
     *                        ({@code -H "Authorization: Bearer $TOKEN"}); empty for a request sent without one
     * @param response        expected body, a subset: only the fields given are checked
     * @param responseHeaders expected response headers, a subset
     * @param output          expected output lines of a command, with placeholders
     * @param eventually      a read of what the projector folds a hop later (a transfer's view): the answer shown is
     *                        the one it settles on, within {@link #SETTLE_WITHIN}, not necessarily the very first
     */
    public record Step(String title, String explain, Target target, String method, String path, Map<String, String> headers,
            String token, JsonNode body, int status, Map<String, String> responseHeaders, JsonNode response, String command,
            List<String> output, boolean eventually) {

        public boolean isRequest() {
            return target == Target.ACCOUNT || target == Target.LEDGER;
        }
    }

    /** A {@link Target#TOKEN} step's command, {@code NAME=$(./bank token ARGS)}, taken apart as the shell would. */
    public record TokenCommandLine(String variable, List<String> args) {

        private static final java.util.regex.Pattern FORM =
                java.util.regex.Pattern.compile("([A-Z][A-Z0-9_]*)=\\$\\(\\./bank token((?: [^)]*)?)\\)");

        public static TokenCommandLine parse(String command) {
            var matcher = FORM.matcher(command);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("not of the form NAME=$(./bank token ...): " + command);
            }
            return new TokenCommandLine(matcher.group(1), words(matcher.group(2)));
        }

        /** Words split at spaces, where '...' and "..." group (no variables, no escapes: the walkthrough uses none). */
        static List<String> words(String text) {
            List<String> words = new ArrayList<>();
            StringBuilder word = null;
            char quote = 0;
            for (char c : text.toCharArray()) {
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        word.append(c);
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                    word = word == null ? new StringBuilder() : word;
                } else if (c == ' ') {
                    if (word != null) {
                        words.add(word.toString());
                        word = null;
                    }
                } else {
                    word = word == null ? new StringBuilder() : word;
                    word.append(c);
                }
            }
            if (quote != 0) {
                throw new IllegalArgumentException("unbalanced quote in: " + text);
            }
            if (word != null) {
                words.add(word.toString());
            }
            return List.copyOf(words);
        }
    }

    /** How long an {@link Step#eventually} read may take to settle on the answer shown: well above a commit interval. */
    public static final java.time.Duration SETTLE_WITHIN = java.time.Duration.ofSeconds(10);

    public static Walkthrough load() {
        try (InputStream in = Walkthrough.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            List<Step> steps = new ArrayList<>();
            for (JsonNode step : JSON.readTree(in).path("steps")) {
                steps.add(new Step(
                        step.path("title").asText(),
                        step.path("explain").asText(""),
                        Target.valueOf(step.path("service").asText().toUpperCase(java.util.Locale.ROOT)),
                        step.path("method").asText(""),
                        step.path("path").asText(""),
                        strings(step.path("headers")),
                        step.path("token").asText(""),
                        step.get("body"),
                        step.path("status").asInt(0),
                        strings(step.path("responseHeaders")),
                        step.get("response"),
                        step.path("command").asText(""),
                        JSON.convertValue(step.path("output"), JSON.getTypeFactory().constructCollectionType(List.class, String.class)),
                        step.path("eventually").asBoolean(false)));
            }
            return new Walkthrough(List.copyOf(steps));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The step as a command to paste into a shell, against services on these base URLs (e.g. {@code localhost:8080}). */
    public static String curl(Step step, String accountBase, String ledgerBase) {
        if (!step.isRequest()) {
            return step.command();
        }
        String base = step.target() == Target.ACCOUNT ? accountBase : ledgerBase;
        String path = step.path().replace("{oneMinuteAgo}", "$(date -u -d '1 minute ago' +%Y-%m-%dT%H:%M:%SZ)");
        StringBuilder curl = new StringBuilder("curl -i");
        if (!step.method().equals("GET")) {
            curl.append(" -X ").append(step.method());
        }
        curl.append(" \"").append(base).append(path).append('"');
        if (step.body() != null) {
            curl.append(" -H 'Content-Type: application/json'");
        }
        step.headers().forEach((name, value) -> curl.append(" -H '").append(name).append(": ").append(value).append('\''));
        if (!step.token().isEmpty()) {
            // double quotes: the shell puts the token in
            curl.append(" -H \"Authorization: Bearer $").append(step.token()).append('"');
        }
        if (step.body() != null) {
            curl.append(" -d '").append(step.body().toString()).append('\'');
        }
        return curl.toString();
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> map.put(entry.getKey(), entry.getValue().asText()));
        return map;
    }
}
