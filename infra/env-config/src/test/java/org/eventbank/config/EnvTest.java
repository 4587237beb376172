package org.eventbank.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

    @Test
    void shouldUseTheDefaultForAnUnsetOrBlankValue() {
        Env env = Env.of(Map.of("EMPTY", "", "SPACES", "   "));

        assertThat(env.text("UNSET", "d")).isEqualTo("d");
        assertThat(env.text("EMPTY", "d")).isEqualTo("d");
        assertThat(env.text("SPACES", "d")).isEqualTo("d");
        assertThat(env.path("EMPTY", Path.of("./data"))).isEqualTo(Path.of("./data"));
        assertThat(env.number("EMPTY", 7, 0, 10)).isEqualTo(7);
        assertThat(env.flag("EMPTY", true)).isTrue();
        assertThat(env.duration("EMPTY", Duration.ofHours(24))).isEqualTo(Duration.ofHours(24));
        assertThat(env.isSet("EMPTY")).isFalse();
    }

    @Test
    void shouldTrimValues() {
        Env env = Env.of(Map.of("NAME", "  bank.  ", "PORT", " 8080 "));

        assertThat(env.text("NAME", "x")).isEqualTo("bank.");
        assertThat(env.integer("PORT", 1, 0, 65_535)).isEqualTo(8080);
        assertThat(env.isSet("NAME")).isTrue();
    }

    @Test
    void shouldRefuseANumberThatDoesNotParseNamingTheVariableAndTheForm() {
        Env env = Env.of(Map.of("BANK_HTTP_PORT", "80a"));

        assertThatThrownBy(() -> env.integer("BANK_HTTP_PORT", 8080, 0, 65_535))
                .isInstanceOf(SettingException.class)
                .hasMessage("BANK_HTTP_PORT must be a whole number from 0 to 65535, not '80a'");
    }

    @Test
    void shouldRefuseANumberOutsideItsRangeInsteadOfWrappingIt() {
        Env env = Env.of(Map.of("BANK_HTTP_PORT", "4294975376", "BANK_PARTITIONS", "0"));

        assertThatThrownBy(() -> env.integer("BANK_HTTP_PORT", 8080, 0, 65_535))
                .hasMessage("BANK_HTTP_PORT must be a whole number from 0 to 65535, not '4294975376'");
        assertThatThrownBy(() -> env.integer("BANK_PARTITIONS", 6, 1, Integer.MAX_VALUE))
                .hasMessage("BANK_PARTITIONS must be a whole number from 1 to 2147483647, not '0'");
    }

    @Test
    void shouldAcceptOnlyTrueOrFalseForAFlag() {
        assertThat(Env.of(Map.of("F", "TRUE")).flag("F", false)).isTrue();
        assertThat(Env.of(Map.of("F", "false")).flag("F", true)).isFalse();
        for (String notABoolean : new String[] {"yes", "1", "on", "no", "0"}) {
            assertThatThrownBy(() -> Env.of(Map.of("BANK_REBUILD", notABoolean)).flag("BANK_REBUILD", false))
                    .isInstanceOf(SettingException.class)
                    .hasMessage("BANK_REBUILD must be true or false, not '" + notABoolean + "'");
        }
    }

    @Test
    void shouldReadAPositiveIsoDurationAndRefuseOthers() {
        assertThat(Env.of(Map.of("D", "PT1H30M")).duration("D", Duration.ZERO)).isEqualTo(Duration.ofMinutes(90));
        for (String bad : new String[] {"24h", "PT0S", "-PT1H"}) {
            assertThatThrownBy(() -> Env.of(Map.of("D", bad)).duration("D", Duration.ofHours(1)))
                    .hasMessage("D must be a positive ISO-8601 duration such as PT24H, not '" + bad + "'");
        }
    }

    @Test
    void shouldRefuseAValueThatDoesNotMatchItsForm() {
        Env env = Env.of(Map.of("BANK_TOPIC_PREFIX", "bank/"));

        assertThatThrownBy(() -> env.matching("BANK_TOPIC_PREFIX", "bank.", "[A-Za-z0-9._-]+", "letters, digits, '.', '_' or '-'"))
                .hasMessage("BANK_TOPIC_PREFIX must be letters, digits, '.', '_' or '-', not 'bank/'");
    }
}
