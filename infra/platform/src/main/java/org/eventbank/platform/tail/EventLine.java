package org.eventbank.platform.tail;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.avro.specific.SpecificRecord;
import org.eventbank.schemas.avro.AccountClosed;
import org.eventbank.schemas.avro.AccountOpened;
import org.eventbank.schemas.avro.Deposited;
import org.eventbank.schemas.avro.Initiator;
import org.eventbank.schemas.avro.TransferCredited;
import org.eventbank.schemas.avro.TransferDebited;
import org.eventbank.schemas.avro.TransferReversalReason;
import org.eventbank.schemas.avro.TransferReversed;
import org.eventbank.schemas.avro.Withdrawn;

/**
 * One ledger event as one human-readable line: time, account, version, type, amount and balance
 * after, e.g. {@code 2026-11-23T10:15:30.123Z  acc-1  v3  Withdrawn  -400 EUR  balance 600 EUR}.
 *
 * <p>Amounts are printed as the integer minor units they are on the wire and in the REST API
 * (400 EUR here means 4.00 euros): converting to major units would need each currency's fraction
 * digits and invites rounding where a ledger must have none.
 *
 * <p>Fields added in contract v2 are appended only when present, so a v1 event (or a v2 event without
 * them) prints exactly the line it always did:
 * <ul>
 *   <li>{@code reason "..."} on an {@code AccountClosed}, the closing command's reason;
 *   <li>{@code by <subject>} or {@code by <subject> via <clientId>}: who asked ({@code initiatedBy});
 *   <li>{@code corr <correlationId>}: the business operation the event belongs to.
 * </ul>
 * The transfer events of contract v3 print like a deposit or withdrawal, signed from the account's side,
 * followed by the other account and the transfer:
 * <ul>
 *   <li>{@code TransferDebited  -100 EUR  balance 400 EUR  to acc-2  transfer <id>}, then {@code reference "..."}
 *       when the client gave one;
 *   <li>{@code TransferCredited  +100 EUR  balance 100 EUR  from acc-1  transfer <id>};
 *   <li>{@code TransferReversed  +100 EUR  balance 500 EUR  from acc-2  transfer <id>  reason payee-not-found}, the
 *       money coming back from the payee that could not take it.
 * </ul>
 * Their correlation id is the transfer id, so it is printed once, as {@code transfer <id>}, where the other events
 * print {@code corr}; {@code by} follows as on every event.
 * A reason is always written as a JSON string (a reversal's is one of its enum's symbols, in lower case with dashes); a subject, client id or correlation id as it is when it
 * consists of printable ASCII without spaces, quotes or backslashes, else as a JSON string. Either way a
 * value can neither break the line in two nor pass itself off as another column.
 * {@code docs/examples/python/decode_events.py --lines} prints the same lines ({@code PythonDecoderTest}).
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
                    "AccountOpened", opened.getCurrency(), "owner " + opened.getOwner())
                    + provenance(opened.getInitiatedBy(), opened.getCorrelationId());
        }
        if (event instanceof Deposited deposited) {
            return money(deposited.getOccurredAt(), deposited.getAccountId(), deposited.getVersion(), "Deposited",
                    "+" + deposited.getAmountMinor(), deposited.getCurrency(), deposited.getBalanceAfterMinor())
                    + provenance(deposited.getInitiatedBy(), deposited.getCorrelationId());
        }
        if (event instanceof Withdrawn withdrawn) {
            return money(withdrawn.getOccurredAt(), withdrawn.getAccountId(), withdrawn.getVersion(), "Withdrawn",
                    "-" + withdrawn.getAmountMinor(), withdrawn.getCurrency(), withdrawn.getBalanceAfterMinor())
                    + provenance(withdrawn.getInitiatedBy(), withdrawn.getCorrelationId());
        }
        if (event instanceof AccountClosed closed) {
            return String.join(GAP, time(closed.getOccurredAt()), closed.getAccountId(), "v" + closed.getVersion(),
                    "AccountClosed", closed.getCurrency(), "balance " + closed.getBalanceAfterMinor() + " " + closed.getCurrency())
                    + (closed.getReason() == null ? "" : GAP + "reason " + quoted(closed.getReason()))
                    + provenance(closed.getInitiatedBy(), closed.getCorrelationId());
        }
        if (event instanceof TransferDebited debited) {
            return money(debited.getOccurredAt(), debited.getAccountId(), debited.getVersion(), "TransferDebited",
                    "-" + debited.getAmountMinor(), debited.getCurrency(), debited.getBalanceAfterMinor())
                    + transfer("to", debited.getCounterpartyAccountId(), debited.getCorrelationId())
                    + (debited.getReference() == null ? "" : GAP + "reference " + quoted(debited.getReference()))
                    + provenance(debited.getInitiatedBy(), null);
        }
        if (event instanceof TransferCredited credited) {
            return money(credited.getOccurredAt(), credited.getAccountId(), credited.getVersion(), "TransferCredited",
                    "+" + credited.getAmountMinor(), credited.getCurrency(), credited.getBalanceAfterMinor())
                    + transfer("from", credited.getCounterpartyAccountId(), credited.getCorrelationId())
                    + provenance(credited.getInitiatedBy(), null);
        }
        if (event instanceof TransferReversed reversed) {
            return money(reversed.getOccurredAt(), reversed.getAccountId(), reversed.getVersion(), "TransferReversed",
                    "+" + reversed.getAmountMinor(), reversed.getCurrency(), reversed.getBalanceAfterMinor())
                    + transfer("from", reversed.getCounterpartyAccountId(), reversed.getCorrelationId())
                    + GAP + "reason " + reason(reversed.getReason())
                    + provenance(reversed.getInitiatedBy(), null);
        }
        throw new IllegalArgumentException("not an event of the events topic: "
                + (event == null ? "null" : event.getSchema().getFullName()));
    }

    private static String money(Instant time, String accountId, long version, String type, String signedAmount,
            String currency, long balanceAfterMinor) {
        return String.join(GAP, time(time), accountId, "v" + version, type, signedAmount + " " + currency,
                "balance " + balanceAfterMinor + " " + currency);
    }

    /**
     * The other account ({@code to} the payee on a debit, {@code from} the payer on a credit, {@code from} the payee on a
     * reversal) and the transfer, whose id the event carries as its correlation id (null only on a malformed event).
     */
    private static String transfer(String direction, String counterpartyAccountId, String transferId) {
        return GAP + direction + " " + token(counterpartyAccountId) + (transferId == null ? "" : GAP + "transfer " + token(transferId));
    }

    /** PAYEE_NOT_FOUND as payee-not-found: a fixed word, so it needs no quotes. */
    static String reason(TransferReversalReason reason) {
        return reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Who asked and which operation it belongs to (v2), each only when known: nothing at all for a v1 event. */
    private static String provenance(Initiator initiatedBy, String correlationId) {
        StringBuilder line = new StringBuilder();
        if (initiatedBy != null) {
            line.append(GAP).append("by ").append(token(initiatedBy.getSubject()));
            if (initiatedBy.getClientId() != null) {
                line.append(" via ").append(token(initiatedBy.getClientId()));
            }
        }
        if (correlationId != null) {
            line.append(GAP).append("corr ").append(token(correlationId));
        }
        return line.toString();
    }

    /** An identifier as it is if it is printable ASCII without space, quote or backslash; else quoted. */
    static String token(String value) {
        boolean plain = !value.isEmpty() && value.chars().allMatch(c -> c > ' ' && c < 0x7F && c != '"' && c != '\\');
        return plain ? value : quoted(value);
    }

    /**
     * A JSON string (RFC 8259): quotes, backslashes and control characters escaped, everything else as it
     * is. The same text Python's {@code json.dumps(value, ensure_ascii=False)} writes.
     */
    static String quoted(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String time(Instant instant) {
        return TIME.format(instant);
    }
}
