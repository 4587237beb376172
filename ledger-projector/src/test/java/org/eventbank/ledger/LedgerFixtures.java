package org.eventbank.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.eventbank.ledger.domain.LedgerEvent;
import org.eventbank.ledger.domain.TransferReversalReason;

/**
 * Builds valid event sequences for tests: contiguous versions, balances that never go negative, time that never goes back,
 * a closing only at balance 0.
 */
public final class LedgerFixtures {

    private LedgerFixtures() {
    }

    public static String eventId(String accountId, long version) {
        return UUID.nameUUIDFromBytes((accountId + "/" + version).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    public static LedgerEvent.AccountOpened opened(String accountId, String currency, Instant at) {
        return new LedgerEvent.AccountOpened(accountId, 1, at, currency, "owner-" + accountId, eventId(accountId, 1));
    }

    /** Appends events to one account's history, keeping it valid. */
    public static final class AccountHistory {
        private final String accountId;
        private final String currency;
        private final List<LedgerEvent> events = new ArrayList<>();
        private long balance;
        private Instant last;

        public AccountHistory(String accountId, String currency, Instant openedAt) {
            this.accountId = accountId;
            this.currency = currency;
            this.last = openedAt;
            events.add(opened(accountId, currency, openedAt));
        }

        public AccountHistory deposit(long amount, Instant at) {
            balance = Math.addExact(balance, amount);
            last = at;
            long version = events.size() + 1L;
            events.add(new LedgerEvent.Deposited(accountId, version, at, amount, currency, balance, eventId(accountId, version)));
            return this;
        }

        public AccountHistory withdraw(long amount, Instant at) {
            if (amount > balance) {
                throw new IllegalArgumentException("fixture would overdraw");
            }
            balance -= amount;
            last = at;
            long version = events.size() + 1L;
            events.add(new LedgerEvent.Withdrawn(accountId, version, at, amount, currency, balance, eventId(accountId, version)));
            return this;
        }

        /** Closes the account, which the writer allows only at balance 0; nothing may be appended after it. */
        public AccountHistory close(Instant at) {
            if (balance != 0) {
                throw new IllegalArgumentException("fixture would close an account holding " + balance);
            }
            last = at;
            long version = events.size() + 1L;
            events.add(new LedgerEvent.AccountClosed(accountId, version, at, currency, 0, "customer asked", eventId(accountId, version),
                    null, null));
            return this;
        }

        /** Debits a transfer to {@code payee} (contract v3); returns this history, whose last event is the debit. */
        public AccountHistory transferOut(String transferId, String payee, long amount, Instant at, String reference) {
            if (amount > balance) {
                throw new IllegalArgumentException("fixture would overdraw");
            }
            balance -= amount;
            last = at;
            long version = events.size() + 1L;
            events.add(new LedgerEvent.TransferDebited(accountId, version, at, amount, currency, balance, eventId(accountId, version),
                    null, transferId, payee, reference));
            return this;
        }

        /** Credits a transfer from {@code payer}, whose debit was at {@code payerDebitVersion}. */
        public AccountHistory transferIn(String transferId, String payer, long payerDebitVersion, long amount, Instant at) {
            balance = Math.addExact(balance, amount);
            last = at;
            long version = events.size() + 1L;
            events.add(new LedgerEvent.TransferCredited(accountId, version, at, amount, currency, balance, eventId(accountId, version),
                    null, transferId, payer, payerDebitVersion));
            return this;
        }

        /** Reverses this account's debit at {@code debitVersion} of a transfer to {@code payee}: the money comes back. */
        public AccountHistory transferBack(String transferId, String payee, long debitVersion, long amount, TransferReversalReason reason,
                                           Instant at) {
            balance = Math.addExact(balance, amount);
            last = at;
            long version = events.size() + 1L;
            events.add(new LedgerEvent.TransferReversed(accountId, version, at, amount, currency, balance, eventId(accountId, version),
                    null, transferId, payee, debitVersion, reason));
            return this;
        }

        /** The version of the last event appended. */
        public long version() {
            return events.size();
        }

        /** The last event appended. */
        public LedgerEvent lastEvent() {
            return events.get(events.size() - 1);
        }

        /** A deposit or (when the balance allows) a withdrawal of a random amount, stepMsMax after the last event at most. */
        public AccountHistory randomMove(Random random, long stepMsMax) {
            Instant at = last.plusMillis(stepMsMax == 0 ? 0 : (long) (random.nextDouble() * stepMsMax));
            long amount = 1 + random.nextInt(100_000);
            if (balance >= amount && random.nextBoolean()) {
                return withdraw(amount, at);
            }
            return deposit(amount, at);
        }

        public List<LedgerEvent> events() {
            return List.copyOf(events);
        }

        public long balance() {
            return balance;
        }

        public Instant last() {
            return last;
        }
    }
}
