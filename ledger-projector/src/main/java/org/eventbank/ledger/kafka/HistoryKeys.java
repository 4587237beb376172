package org.eventbank.ledger.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the history store: the account id's UTF-8 bytes, a 0x00 separator, then the version as
 * 8 big-endian bytes. RocksDB orders keys by unsigned bytes, so one account's entries are
 * contiguous and in version order (versions are positive), and 0x00 cannot occur in an account id
 * ({@code [A-Za-z0-9._-]}), so account "a" never interleaves with account "a.b". A statement page is
 * then one range scan, and an as-of lookup a binary search over point reads.
 */
public final class HistoryKeys {

    private static final byte SEPARATOR = 0;

    private HistoryKeys() {
    }

    public static Bytes of(String accountId, long version) {
        byte[] id = accountId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(id.length + 1 + Long.BYTES).put(id).put(SEPARATOR).putLong(version).array());
    }

    /** The last possible key of an account: the upper bound of a range scan. */
    public static Bytes last(String accountId) {
        return of(accountId, Long.MAX_VALUE);
    }
}
