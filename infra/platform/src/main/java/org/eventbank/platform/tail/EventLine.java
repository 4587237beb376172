package org.eventbank.platform.tail;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.avro.specific.SpecificRecord;
import org.eventbank.schemas.avro.AccountOpened;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.avro.Withdrawn;

/**
 * One ledger event as one human-readable line: time, account, version, type, amount and balance
 * after, e.g. {@code 2026-11-23T10:15:30.123Z  acc-1  v3  Withdrawn  -400 EUR  balance 600 EUR}.
 *
 * <p>Amounts are printed as the integer minor units they are on the wire and in the REST API
 * (400 EUR here means 4.00 euros): converting to major units would need each currency's fraction
 * digits and invites rounding where a ledger must have none.
 */
public final class EventLine {

    /** Always three fraction digits, so lines align and sort as text. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String GAP = "  ";

    private EventLine() {
    }

    /** The line for one event of the events topic. */
    public static String format(SpecificRecord event) {
        if (event instanceof AccountOpened opened) {
            return String.join(GAP, time(opened.getOccurredAt()), opened.getAccountId(), "v" + opened.getVersion(),
                    "AccountOpened", opened.getCurrency(), "owner " + opened.getOwner());
        }
        if (event instanceof Deposited deposited) {
            return money(deposited.getOccurredAt(), deposited.getAccountId(), deposited.getVersion(), "Deposited",
                    "+" + deposited.getAmountMinor(), deposited.getCurrency(), deposited.getBalanceAfterMinor());
        }
        if (event instanceof Withdrawn withdrawn) {
            return money(withdrawn.getOccurredAt(), withdrawn.getAccountId(), withdrawn.getVersion(), "Withdrawn",
                    "-" + withdrawn.getAmountMinor(), withdrawn.getCurrency(), withdrawn.getBalanceAfterMinor());
        }
        throw new IllegalArgumentException("not an event of the events topic: "
                + (event == null ? "null" : event.getSchema().getFullName()));
    }

    private static String money(Instant time, String accountId, long version, String type, String signedAmount,
            String currency, long balanceAfterMinor) {
        return String.join(GAP, time(time), accountId, "v" + version, type, signedAmount + " " + currency,
                "balance " + balanceAfterMinor + " " + currency);
    }

    private static String time(Instant instant) {
        return TIME.format(instant);
    }
}
