package org.eventbank.platform.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ExpectedJsonTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldAcceptAnAnswerWithEveryExpectedFieldAndMore() throws Exception {
        assertThat(ExpectedJson.differences(json("{\"a\":1,\"b\":{\"c\":\"x\"}}"), json("{\"a\":1,\"b\":{\"c\":\"x\",\"d\":2},\"e\":3}"))).isEmpty();
    }

    @Test
    void shouldNameEachMissingOrDifferentFieldByItsPath() throws Exception {
        assertThat(ExpectedJson.differences(json("{\"a\":1,\"b\":{\"c\":\"x\"},\"f\":true}"), json("{\"a\":2,\"b\":{}}")))
                .containsExactly("$.a: expected 1, got 2", "$.b.c: missing, expected \"x\"", "$.f: missing, expected true");
    }

    @Test
    void shouldCompareArraysElementByElementAndTheirLength() throws Exception {
        assertThat(ExpectedJson.differences(json("[{\"v\":1},{\"v\":2}]"), json("[{\"v\":1},{\"v\":3}]"))).containsExactly("$[1].v: expected 2, got 3");
        assertThat(ExpectedJson.differences(json("[1,2]"), json("[1,2,3]"))).hasSize(1);
    }

    @Test
    void shouldMatchPlaceholdersOnlyAgainstValuesOfTheirKind() throws Exception {
        JsonNode expected = json("{\"id\":\"<uuid>\",\"at\":\"<instant>\",\"x\":\"<any>\"}");

        assertThat(ExpectedJson.differences(expected, json("{\"id\":\"8f1c7e4a-0000-3000-8000-000000000001\",\"at\":\"2026-11-23T10:15:30.123Z\",\"x\":[1]}"))).isEmpty();
        assertThat(ExpectedJson.differences(expected, json("{\"id\":\"nope\",\"at\":\"yesterday\",\"x\":null}"))).hasSize(2);
    }

    @Test
    void shouldTreatEqualNumbersAsEqualWhateverTheirJsonWidth() throws Exception {
        assertThat(ExpectedJson.differences(json("{\"n\":7500}"), json("{\"n\":7500}"))).isEmpty();
        assertThat(ExpectedJson.differences(json("{\"n\":7500}"), json("{\"n\":\"7500\"}"))).hasSize(1);
    }

    @Test
    void shouldMatchOutputLinesWithPlaceholders() {
        assertThat(ExpectedJson.lineMatches("<instant>  acc-1  v3  Withdrawn  -2500 EUR  balance 7500 EUR",
                "2026-11-23T10:15:30.123Z  acc-1  v3  Withdrawn  -2500 EUR  balance 7500 EUR")).isTrue();
        assertThat(ExpectedJson.lineMatches("<instant>  acc-1  v3  Withdrawn  -2500 EUR  balance 7500 EUR",
                "2026-11-23T10:15:30.123Z  acc-1  v3  Withdrawn  -2500 EUR  balance 7501 EUR")).isFalse();
        assertThat(ExpectedJson.lineMatches("a.b (c)", "a.b (c)")).isTrue();
        assertThat(ExpectedJson.lineMatches("a.b", "axb")).isFalse();
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
