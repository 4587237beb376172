package org.eventbank.kit.streams;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.TableFormatConfig;
import org.rocksdb.WriteBufferManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the off-heap memory of every RocksDB store in the JVM by one budget, the pattern of the Kafka Streams
 * memory-management guide: one {@link LRUCache} shared by all stores, a {@link WriteBufferManager} that charges
 * the memtables to that same cache, and index and filter blocks kept in the cache instead of beside it.
 *
 * <p>Without it, Streams gives each store instance its own 50 MiB block cache and up to three 16 MiB memtables,
 * and keeps index and filter blocks outside any cache: a service with three stores on six partitions has 18
 * instances and no bound at all (index and filters grow with the number of keys).
 *
 * <p>Use: {@code props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class)} and, to
 * change the defaults, the keys below in the same Streams properties.
 * <ul>
 *   <li>{@value #TOTAL_BYTES_CONFIG}, default 134217728 (128 MiB), at least 1 MiB: the capacity of the shared
 *       cache: data blocks, index and filter blocks, and the memtables;
 *   <li>{@value #WRITE_BUFFER_BYTES_CONFIG}, default half of the total: the part of it the memtables may fill
 *       before RocksDB flushes the largest one.
 * </ul>
 * A malformed or nonsensical value is refused with a {@link org.apache.kafka.common.config.ConfigException} when the
 * first store opens.
 *
 * <p>One budget per JVM, not per application: the cache is created by the first {@link #setConfig} call in the JVM
 * and its values win; a later application in the same JVM (as with {@code ./bank up}, which runs the account
 * service and the ledger projector in one process) shares that cache and bound, and a different budget it asks for
 * is logged and ignored. Run the services as separate JVMs to give each its own budget.
 *
 * <p>What it does NOT bound: the JVM heap (including the Streams record cache, {@code statestore.cache.max.bytes},
 * which is on-heap); pinned blocks beyond the capacity (the cache is not strict, so a read never fails for lack of
 * room, and pinned top-level index and filter partitions stay in memory); per-store fixed costs (table readers,
 * iterators, compaction buffers); the memtable of Streams' small offsets column family is charged, its blocks are
 * not; and allocator overhead (glibc arenas) on top of what RocksDB asks for.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    public static final String TOTAL_BYTES_CONFIG = "bank.rocksdb.memory.bytes";
    public static final String WRITE_BUFFER_BYTES_CONFIG = "bank.rocksdb.write-buffer.bytes";

    /** Share of the cache kept for index and filter blocks, which every read needs, ahead of data blocks. */
    static final double INDEX_AND_FILTER_RATIO = 0.1;
    /** Streams' default is 3; with the manager flushing early, two (one being written, one flushing) suffice. */
    static final int MAX_WRITE_BUFFERS_PER_STORE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(BoundedRocksDbMemory.class);
    private static final Object LOCK = new Object();
    // Guarded by LOCK. Never closed: it lives as long as the JVM and every store of it uses it.
    private static SharedMemory shared;
    private static boolean warnedAboutSecondBudget;

    /** The cache and the write buffer manager of the JVM, with the budget they were created for. */
    private record SharedMemory(RocksDbMemoryBudget budget, Cache cache, WriteBufferManager writeBufferManager) {
    }

    /**
     * Sets this setter and a budget of {@code totalBytes} (memtables the default share of it) in a Streams
     * application's properties: the one place both services configure it.
     */
    public static void configure(Properties streamsProperties, long totalBytes) {
        streamsProperties.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        streamsProperties.put(TOTAL_BYTES_CONFIG, totalBytes);
        streamsProperties.put(WRITE_BUFFER_BYTES_CONFIG, RocksDbMemoryBudget.ofTotal(totalBytes).writeBufferBytes());
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        SharedMemory memory = sharedMemory(RocksDbMemoryBudget.fromConfigs(configs));

        BlockBasedTableConfig tableConfig = blockBasedTableConfig(options.tableFormatConfig());
        tableConfig.setBlockCache(memory.cache());
        tableConfig.setCacheIndexAndFilterBlocks(true);
        tableConfig.setCacheIndexAndFilterBlocksWithHighPriority(true);
        tableConfig.setPinTopLevelIndexAndFilter(true);
        // Partitioned index and filters: only their small top level is pinned, the partitions are evicted like data.
        tableConfig.setIndexType(IndexType.kTwoLevelIndexSearch);
        tableConfig.setPartitionFilters(true);
        options.setTableFormatConfig(tableConfig);

        options.setWriteBufferManager(memory.writeBufferManager());
        options.setMaxWriteBufferNumber(MAX_WRITE_BUFFERS_PER_STORE);
    }

    @Override
    public void close(String storeName, Options options) {
        // Nothing to close: the cache and the write buffer manager are shared by every store of the JVM, and a
        // store closing (a rebalance moving a task) must not take them from the others.
    }

    /** The budget the JVM's stores share, once the first store has opened. */
    public static Optional<RocksDbMemoryBudget> budgetInUse() {
        synchronized (LOCK) {
            return Optional.ofNullable(shared).map(SharedMemory::budget);
        }
    }

    private static SharedMemory sharedMemory(RocksDbMemoryBudget requested) {
        synchronized (LOCK) {
            if (shared == null) {
                RocksDB.loadLibrary();
                Cache cache = new LRUCache(requested.totalBytes(), -1, false, INDEX_AND_FILTER_RATIO);
                shared = new SharedMemory(requested, cache, new WriteBufferManager(requested.writeBufferBytes(), cache));
                LOG.info("RocksDB stores of this JVM share one cache of {} bytes, memtables up to {} bytes of it",
                        requested.totalBytes(), requested.writeBufferBytes());
            } else if (!shared.budget().equals(requested) && !warnedAboutSecondBudget) {
                warnedAboutSecondBudget = true;
                LOG.warn("A second RocksDB budget {} was asked for in this JVM; every store keeps sharing the first, {}",
                        requested, shared.budget());
            }
            return shared;
        }
    }

    /** Streams always passes a block-based table config (with its own cache, which we replace); a bare Options may not. */
    private static BlockBasedTableConfig blockBasedTableConfig(TableFormatConfig current) {
        return current instanceof BlockBasedTableConfig blockBased ? blockBased : new BlockBasedTableConfig();
    }
}
