package org.eventbank.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

  private static final Path DIR = Path.of("target", "broker-settings-test");

  @Test
  void persistentKeepsDataAndPicksAFreeControllerPort() {
    BrokerSettings settings = BrokerSettings.persistent(DIR, 9092);

    assertThat(settings.deleteDataOnClose()).isFalse();
    assertThat(settings.port()).isEqualTo(9092);
    assertThat(settings.controllerPort()).isZero();
    assertThat(settings.overrides()).isEmpty();
  }

  @Test
  void overridesAddUpAndLaterOnesWin() {
    BrokerSettings settings = BrokerSettings.persistent(DIR, 0)
        .withOverrides(Map.of("a", "1", "b", "1"))
        .withOverride("b", "2");

    assertThat(settings.overrides()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
  }

  @Test
  void rejectsInvalidPorts() {
    assertThatThrownBy(() -> BrokerSettings.persistent(DIR, 70_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("70000");
    assertThatThrownBy(() -> BrokerSettings.persistent(DIR, 9092).withControllerPort(9092))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must differ");
  }
}
