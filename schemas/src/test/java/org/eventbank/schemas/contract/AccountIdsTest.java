package org.eventbank.schemas.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccountIdsTest {

    @Test
    void shouldAcceptOneToSixtyFourCharactersOfTheAllowedSet() {
        assertThat(AccountIds.isValid("a")).isTrue();
        assertThat(AccountIds.isValid("acc-1_A.z9")).isTrue();
        assertThat(AccountIds.isValid("x".repeat(64))).isTrue();
    }

    @Test
    void shouldRefuseEmptyTooLongAndOtherCharacters() {
        assertThat(AccountIds.isValid(null)).isFalse();
        assertThat(AccountIds.isValid("")).isFalse();
        assertThat(AccountIds.isValid("x".repeat(65))).isFalse();
        for (String bad : new String[] {"a/b", "a b", "ä", "a:b", "a\nb", "\u00e9"}) {
            assertThat(AccountIds.isValid(bad)).as(bad).isFalse();
        }
    }

    @Test
    void shouldQuoteOnlyPrintableAsciiOfWhatTheClientSent() {
        // a decoded %FF, a control character, an emoji and a lone surrogate: nothing a client cannot decode comes back
        assertThat(AccountIds.refusal("a\uFFFDb\u0001c\uD83D\uDE00d\uD800e"))
                .isEqualTo("account id must be 1-64 characters of [A-Za-z0-9._-], not 'a?b?c?d?e'");
    }

    @Test
    void shouldWordEveryRefusalTheSameWayAndQuoteAtMostAHundredCharacters() {
        assertThat(AccountIds.refusal("a/b")).isEqualTo("account id must be 1-64 characters of [A-Za-z0-9._-], not 'a/b'");
        assertThat(AccountIds.refusal("y".repeat(150))).isEqualTo(
                "account id must be 1-64 characters of [A-Za-z0-9._-], not '" + "y".repeat(100) + "...'");
    }
}
