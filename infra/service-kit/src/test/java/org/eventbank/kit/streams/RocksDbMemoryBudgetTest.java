package org.eventbank.kit.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RocksDbMemoryBudgetTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void shouldDefaultTo128MibWithHalfForMemtables() {
        assertThat(RocksDbMemoryBudget.fromConfigs(Map.of())).isEqualTo(new RocksDbMemoryBudget(128 * MIB, 64 * MIB));
    }

    @Test
    void shouldReadNumbersSetInCodeAndStringsFromPropertiesFiles() {
        assertThat(RocksDbMemoryBudget.fromConfigs(Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, 256 * MIB)))
                .isEqualTo(new RocksDbMemoryBudget(256 * MIB, 128 * MIB));
        assertThat(RocksDbMemoryBudget.fromConfigs(Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, " 8388608 ",
                BoundedRocksDbMemory.WRITE_BUFFER_BYTES_CONFIG, (int) MIB)))
                .isEqualTo(new RocksDbMemoryBudget(8 * MIB, MIB));
        assertThat(RocksDbMemoryBudget.ofTotal(100 * MIB)).isEqualTo(new RocksDbMemoryBudget(100 * MIB, 50 * MIB));
    }

    @Test
    void shouldRefuseABudgetBelowOneMibOrAMemtableShareOutsideIt() {
        assertThatThrownBy(() -> RocksDbMemoryBudget.ofTotal(MIB - 1))
                .isInstanceOf(ConfigException.class).hasMessageContaining(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG);
        assertThatThrownBy(() -> new RocksDbMemoryBudget(64 * MIB, 0))
                .isInstanceOf(ConfigException.class).hasMessageContaining(BoundedRocksDbMemory.WRITE_BUFFER_BYTES_CONFIG);
        assertThatThrownBy(() -> RocksDbMemoryBudget.fromConfigs(Map.of(BoundedRocksDbMemory.WRITE_BUFFER_BYTES_CONFIG, "1e6")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(BoundedRocksDbMemory.WRITE_BUFFER_BYTES_CONFIG);
        assertThatThrownBy(() -> RocksDbMemoryBudget.fromConfigs(Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, "99999999999999999999")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG);
    }
}
