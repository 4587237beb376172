package org.eventbank.kit.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.internals.BlockBasedTableConfigWithAccessibleCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BloomFilter;
import org.rocksdb.FlushOptions;
import org.rocksdb.Cache;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * The setter against real RocksDB instances, with options prepared the way Kafka Streams' RocksDBStore prepares
 * them (its own 50 MiB cache and a Bloom filter) before it calls the setter. This class is the only one in the
 * test JVM that touches the shared cache, so {@link #BUDGET} is the first budget and the one in use.
 */
class BoundedRocksDbMemoryTest {

    private static final long MIB = 1024 * 1024;
    private static final RocksDbMemoryBudget BUDGET = new RocksDbMemoryBudget(64 * MIB, 16 * MIB);
    private static final Map<String, Object> CONFIGS = Map.of(
            BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, BUDGET.totalBytes(),
            BoundedRocksDbMemory.WRITE_BUFFER_BYTES_CONFIG, String.valueOf(BUDGET.writeBufferBytes()));

    private final BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void openTheFirstStoreOfTheJvm() {
        RocksDB.loadLibrary();
        try (Options options = streamsLikeOptions()) {
            new BoundedRocksDbMemory().setConfig("first", options, CONFIGS);
        }
    }

    @AfterEach
    void closeInReverseOrder() throws Exception {
        while (!toClose.isEmpty()) {
            toClose.pop().close();
        }
    }

    @Test
    void shouldGiveEveryStoreOneSharedCacheWithTheBudgetAsItsCapacity() throws RocksDBException {
        Options first = configured("accounts");
        Options second = configured("balances");

        Cache firstCache = blockCache(first);
        assertThat(firstCache).isSameAs(blockCache(second));
        assertThat(first.writeBufferManager()).isNotNull().isSameAs(second.writeBufferManager());
        // read back from RocksDB itself: the cache the store really uses has the budget as its capacity
        RocksDB db = open(first, "accounts");
        assertThat(db.getLongProperty("rocksdb.block-cache-capacity")).isEqualTo(BUDGET.totalBytes());
        assertThat(BoundedRocksDbMemory.budgetInUse()).contains(BUDGET);
    }

    @Test
    void shouldKeepIndexAndFilterBlocksInTheCacheAndFewMemtables() {
        Options options = configured("history");
        BlockBasedTableConfigWithAccessibleCache table = (BlockBasedTableConfigWithAccessibleCache) options.tableFormatConfig();

        assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
        assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
        assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
        assertThat(table.indexType()).isEqualTo(IndexType.kTwoLevelIndexSearch);
        assertThat(table.partitionFilters()).isTrue();
        assertThat(options.maxWriteBufferNumber()).isEqualTo(BoundedRocksDbMemory.MAX_WRITE_BUFFERS_PER_STORE);
    }

    @Test
    void shouldChargeOneStoresMemtableToTheCacheEveryStoreSees() throws RocksDBException {
        RocksDB writer = open(configured("idempotency"), "idempotency");
        RocksDB other = open(configured("totals"), "totals");
        long before = other.getLongProperty("rocksdb.block-cache-usage");

        byte[] value = new byte[1024];
        try (WriteOptions noWal = new WriteOptions().setDisableWAL(true)) {
            for (int i = 0; i < 4 * 1024; i++) {
                writer.put(noWal, ("account-" + i).getBytes(StandardCharsets.UTF_8), value);
            }
        }

        // 4 MiB written to one store's memtable, never read: only the write buffer manager puts it in the cache
        assertThat(other.getLongProperty("rocksdb.block-cache-usage") - before).isGreaterThanOrEqualTo(3 * MIB);
    }

    @Test
    void shouldReadBackFlushedDataThroughThePartitionedIndexAndFilters() throws RocksDBException {
        RocksDB db = open(configured("history"), "history");
        try (WriteOptions noWal = new WriteOptions().setDisableWAL(true)) {
            for (int i = 0; i < 20_000; i++) {
                db.put(noWal, key(i), ("balance-" + i).getBytes(StandardCharsets.UTF_8));
            }
        }
        try (FlushOptions wait = new FlushOptions().setWaitForFlush(true)) {
            db.flush(wait);
        }

        // the flushed table really has a two-level (partitioned) index and the Bloom filter Streams set
        assertThat(db.getPropertiesOfAllTables().values()).isNotEmpty().allSatisfy(table -> {
            assertThat(table.getIndexPartitions()).isPositive();
            assertThat(table.getFilterPolicyName()).contains("bloom");
        });
        assertThat(new String(db.get(key(12_345)), StandardCharsets.UTF_8)).isEqualTo("balance-12345");
        assertThat(db.get(key(20_000))).isNull();
        int scanned = 0;
        try (RocksIterator it = db.newIterator()) {
            for (it.seek(key(100)); it.isValid() && scanned < 50; it.next()) {
                scanned++;
            }
        }
        assertThat(scanned).isEqualTo(50);
    }

    @Test
    void shouldKeepTheSharedCacheWhenAStoreCloses() throws RocksDBException {
        Options leaving = configured("leaving");
        Cache cache = blockCache(leaving);
        RocksDB db = RocksDB.open(leaving, dir.resolve("leaving").toString());
        setter.close("leaving", leaving);
        db.close();

        assertThat(cache.isOwningHandle()).isTrue();
        RocksDB next = open(configured("arriving"), "arriving");
        next.put("k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
        assertThat(next.getLongProperty("rocksdb.block-cache-capacity")).isEqualTo(BUDGET.totalBytes());
    }

    @Test
    void shouldKeepTheFirstBudgetWhenASecondApplicationInTheJvmAsksForAnother() {
        Options options = track(streamsLikeOptions());
        setter.setConfig("ledger", options, Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, 512 * MIB));

        assertThat(blockCache(options)).isSameAs(blockCache(configured("accounts")));
        assertThat(BoundedRocksDbMemory.budgetInUse()).contains(BUDGET);
    }

    @Test
    void shouldRefuseABudgetThatIsNotAPositiveNumberOfBytes() {
        for (Object invalid : new Object[] {0L, -1L, "lots", "", 1.5e8}) {
            Options options = track(streamsLikeOptions());
            assertThatThrownBy(() -> setter.setConfig("accounts", options,
                    Map.of(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, invalid)))
                    .as("budget %s", invalid)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG);
        }
        Options options = track(streamsLikeOptions());
        assertThatThrownBy(() -> setter.setConfig("accounts", options, Map.of(
                BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, 64 * MIB, BoundedRocksDbMemory.WRITE_BUFFER_BYTES_CONFIG, 64 * MIB)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(BoundedRocksDbMemory.WRITE_BUFFER_BYTES_CONFIG);
    }

    private static byte[] key(int i) {
        return String.format("account-%08d", i).getBytes(StandardCharsets.UTF_8);
    }

    private Options configured(String storeName) {
        Options options = track(streamsLikeOptions());
        setter.setConfig(storeName, options, CONFIGS);
        return options;
    }

    private RocksDB open(Options options, String name) throws RocksDBException {
        return track(RocksDB.open(options, dir.resolve(name).toString()));
    }

    private <T extends AutoCloseable> T track(T resource) {
        toClose.push(resource);
        return resource;
    }

    private static Cache blockCache(Options options) {
        return ((BlockBasedTableConfigWithAccessibleCache) options.tableFormatConfig()).blockCache();
    }

    /** What RocksDBStore#openDB sets before calling the setter (the objects it closes itself are leaked here). */
    private static Options streamsLikeOptions() {
        BlockBasedTableConfigWithAccessibleCache table = new BlockBasedTableConfigWithAccessibleCache();
        table.setBlockCache(new LRUCache(50 * MIB));
        table.setBlockSize(4096);
        table.setFilterPolicy(new BloomFilter());
        return new Options()
                .setCreateIfMissing(true)
                .setTableFormatConfig(table)
                .setWriteBufferSize(16 * MIB)
                .setMaxWriteBufferNumber(3);
    }
}
