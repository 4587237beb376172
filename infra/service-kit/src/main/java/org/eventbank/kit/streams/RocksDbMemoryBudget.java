package org.eventbank.kit.streams;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * How much off-heap memory the RocksDB stores of one JVM may use, read from the Streams configs.
 *
 * @param totalBytes       {@value BoundedRocksDbMemory#TOTAL_BYTES_CONFIG}, default {@value #DEFAULT_TOTAL_BYTES}
 *                         (128 MiB), at least {@value #MIN_TOTAL_BYTES} (1 MiB): the capacity of the shared block
 *                         cache, which holds data blocks, index and filter blocks and (charged through the write
 *                         buffer manager) the memtables
 * @param writeBufferBytes {@value BoundedRocksDbMemory#WRITE_BUFFER_BYTES_CONFIG}, default half of
 *                         {@code totalBytes}: the part of {@code totalBytes} the memtables may take before RocksDB
 *                         flushes them; positive and less than {@code totalBytes}
 */
public record RocksDbMemoryBudget(long totalBytes, long writeBufferBytes) {

    public static final long DEFAULT_TOTAL_BYTES = 128L * 1024 * 1024;
    public static final long MIN_TOTAL_BYTES = 1024L * 1024;

    public RocksDbMemoryBudget {
        if (totalBytes < MIN_TOTAL_BYTES) {
            throw new ConfigException(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, totalBytes,
                    "the RocksDB memory budget must be at least " + MIN_TOTAL_BYTES + " bytes");
        }
        if (writeBufferBytes < 1 || writeBufferBytes >= totalBytes) {
            throw new ConfigException(BoundedRocksDbMemory.WRITE_BUFFER_BYTES_CONFIG, writeBufferBytes,
                    "the memtable share must be positive and less than " + BoundedRocksDbMemory.TOTAL_BYTES_CONFIG
                            + " (" + totalBytes + " bytes)");
        }
    }

    /** The budget with the default memtable share, half of the total. */
    public static RocksDbMemoryBudget ofTotal(long totalBytes) {
        return new RocksDbMemoryBudget(totalBytes, totalBytes / 2);
    }

    /**
     * Reads the budget from the Streams configs handed to a {@code RocksDBConfigSetter}: values may be numbers
     * (set in code) or strings (set in a properties file).
     */
    public static RocksDbMemoryBudget fromConfigs(Map<String, ?> configs) {
        long total = bytes(configs, BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, DEFAULT_TOTAL_BYTES);
        long writeBuffer = bytes(configs, BoundedRocksDbMemory.WRITE_BUFFER_BYTES_CONFIG, total / 2);
        return new RocksDbMemoryBudget(total, writeBuffer);
    }

    private static long bytes(Map<String, ?> configs, String name, long defaultValue) {
        Object value = configs.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            return ((Number) value).longValue();
        }
        if (value instanceof String text && !text.isBlank()) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(name, value, "must be a whole number of bytes");
            }
        }
        throw new ConfigException(name, value, "must be a whole number of bytes");
    }
}
