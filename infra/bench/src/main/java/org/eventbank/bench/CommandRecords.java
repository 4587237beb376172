package org.eventbank.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serializer;
import org.eventbank.schemas.avro.AccountCommand;
import org.eventbank.schemas.avro.ActingAs;
import org.eventbank.schemas.avro.Deposit;
import org.eventbank.schemas.avro.Initiator;
import org.eventbank.schemas.avro.OpenAccount;
import org.eventbank.schemas.avro.Transfer;
import org.eventbank.schemas.avro.Withdraw;

/**
 * Turns workload commands into the {@link AccountCommand} records the account-service's gateway would
 * write: same fields, a SHA-256 hex body hash, an idempotency key only when the run sends keys
 * ({@code --idempotency-keys true}), no deadline (the processor gives a command without one the configured
 * deadline from its {@code issuedAt}), and who asked as the gateway writes it for the bench's own token over HTTP: a
 * teller ({@link #INITIATOR}, acting as {@link ActingAs#TELLER}), so the processor's owner check lets it write to the
 * run's accounts. Core mode writes to Kafka directly and so authenticates to Kafka, not with a token: whoever may
 * write the commands topic may write any command, which is why that topic is for the bank's services only.
 * (v1 commands cannot carry who asked: on a ledger pinned to commands v1 the serializer refuses them, so core mode
 * runs on a v2 ledger, as every new one is.) Also estimates the records' average
 * size on the wire, for the raw append probe.
 */
final class CommandRecords {

    /** Who the bench's core-mode commands say asked. */
    static final Initiator INITIATOR = new Initiator("bank-bench", "bank-bench");

    private CommandRecords() {
    }

    static AccountCommand toAvro(Workload workload, Workload.Command command, UUID commandId, String replyTo, Instant issuedAt) {
        return toAvro(workload, command, commandId, replyTo, issuedAt, null);
    }

    /** @param idempotencyKey the command's Idempotency-Key, or null for none */
    static AccountCommand toAvro(Workload workload, Workload.Command command, UUID commandId, String replyTo, Instant issuedAt,
                                 String idempotencyKey) {
        String accountId = workload.accountId(command.accountIndex());
        Object payload;
        String canonical;
        String transferId = null;
        switch (command.kind()) {
            case OPEN:
                payload = new OpenAccount(owner(workload), Workload.CURRENCY);
                canonical = "open|" + accountId + "|" + owner(workload) + "|" + Workload.CURRENCY;
                break;
            case DEPOSIT:
                payload = new Deposit(command.amountMinor(), null);
                canonical = "deposit|" + accountId + "|" + command.amountMinor();
                break;
            case WITHDRAW:
                payload = new Withdraw(command.amountMinor(), null);
                canonical = "withdraw|" + accountId + "|" + command.amountMinor();
                break;
            case TRANSFER:
                // the gateway names a keyless transfer after its command id (name-based UUID), as here
                transferId = UUID.nameUUIDFromBytes(("transfer/command/" + commandId).getBytes(StandardCharsets.UTF_8))
                        .toString();
                String to = workload.accountId(command.toAccountIndex());
                payload = new Transfer(transferId, to, command.amountMinor(), null, null);
                canonical = "transfer|" + accountId + "|" + to + "|" + command.amountMinor();
                break;
            default:
                throw new IllegalArgumentException("unknown command kind " + command.kind());
        }
        return AccountCommand.newBuilder()
                .setCommandId(commandId.toString())
                .setAccountId(accountId)
                .setIdempotencyKey(idempotencyKey)
                .setBodyHash(sha256Hex(canonical))
                .setReplyTo(replyTo)
                .setExpectedVersion(null)
                .setIssuedAt(issuedAt.truncatedTo(ChronoUnit.MILLIS))
                .setPayload(payload)
                .setInitiatedBy(INITIATOR)
                .setActingAs(ActingAs.TELLER)
                // as the gateway writes it: a transfer's commands and events are correlated by its transferId
                .setCorrelationId(transferId)
                .build();
    }

    static String owner(Workload workload) {
        return "bench-owner-" + workload.runId();
    }

    /**
     * The average size in bytes of key plus value of a money command of this workload, as the
     * account-service writes it (its replyTo is {@code account-service-<uuid>}).
     */
    static int averageRecordBytes(Workload workload, Serializer<AccountCommand> serializer, String topic) {
        Workload.Mix mix = workload.mix(Integer.MAX_VALUE);
        String replyTo = "account-service-" + UUID.randomUUID();
        long total = 0;
        int samples = 1_000;
        for (int i = 0; i < samples; i++) {
            Workload.Command command = mix.next();
            AccountCommand record = toAvro(workload, command, UUID.randomUUID(), replyTo, Instant.now());
            total += serializer.serialize(topic, record).length
                    + record.getAccountId().getBytes(StandardCharsets.UTF_8).length;
        }
        return (int) Math.round((double) total / samples);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
