package org.eventbank.account.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.math.BigInteger;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eventbank.account.domain.AccountRules;
import org.eventbank.kit.http.ProblemException;
import org.eventbank.schemas.contract.AccountIds;

/** Reads what a command request brings besides its JSON fields: body bytes (bounded), key, path id, hash. */
public final class RequestInput {

    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
    static final int IDEMPOTENCY_KEY_LENGTH_MAX = 255;
    /**
     * How much of a refused (too large) body is read and discarded before the 413 is sent. Closing the connection on a
     * client that is still writing its body makes its TCP stack drop our answer; reading the rest first delivers the 413
     * and keeps the connection. Bodies declared larger than this are not read: the connection closes after the answer.
     */
    static final long REFUSED_BODY_DRAIN_BYTES_MAX = 1024 * 1024;

    private final ObjectMapper mapper;
    private final int requestBodyBytesMax;

    public RequestInput(ObjectMapper mapper, int requestBodyBytesMax) {
        this.mapper = mapper;
        this.requestBodyBytesMax = requestBodyBytesMax;
    }

    /** The body, at most {@code requestBodyBytesMax} bytes; more is a body-too-large problem. */
    public byte[] body(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        try (InputStream in = ctx.bodyInputStream()) {
            if (declared > requestBodyBytesMax) {
                throw tooLarge(in, declared);
            }
            byte[] bytes = in.readNBytes(requestBodyBytesMax + 1);
            if (bytes.length > requestBodyBytesMax) {
                throw tooLarge(in, declared);
            }
            return bytes;
        } catch (IOException e) {
            throw new ProblemException(AccountProblems.MALFORMED_REQUEST, "the request body cannot be read: " + e.getMessage());
        }
    }

    /** The Idempotency-Key header: 1-255 printable ASCII characters, or absent. */
    public Optional<String> idempotencyKey(Context ctx) {
        String key = ctx.header(IDEMPOTENCY_KEY_HEADER);
        if (key == null) {
            return Optional.empty();
        }
        if (key.isEmpty() || key.length() > IDEMPOTENCY_KEY_LENGTH_MAX || !key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw new ProblemException(AccountProblems.MALFORMED_REQUEST, IDEMPOTENCY_KEY_HEADER + " must be 1-"
                    + IDEMPOTENCY_KEY_LENGTH_MAX + " printable ASCII characters");
        }
        return Optional.of(key);
    }

    /**
     * The amount of a money request (deposit, withdrawal, transfer) in minor units: a JSON integer from 1 to 10^12, else
     * 400; bound as a BigInteger so a huge one is an invalid amount rather than a malformed request.
     */
    static long amountMinor(BigInteger amount) {
        if (amount == null) {
            throw new ProblemException(AccountProblems.MALFORMED_REQUEST, "amount must be a JSON integer, not null");
        }
        if (amount.signum() <= 0 || amount.compareTo(AMOUNT_MAX) > 0) {
            throw new ProblemException(AccountProblems.INVALID_AMOUNT, "amount must be a whole number of minor units from 1 to "
                    + AccountRules.AMOUNT_MINOR_MAX);
        }
        return amount.longValueExact();
    }

    /** A money request's optional currency: absent, or an ISO 4217 code, else 400. */
    static void requireKnownCurrency(String currency) {
        if (currency != null && !AccountRules.isKnownCurrency(currency)) {
            throw new ProblemException(AccountProblems.INVALID_CURRENCY, "currency must be an ISO 4217 code such as EUR");
        }
    }

    private static final BigInteger AMOUNT_MAX = BigInteger.valueOf(AccountRules.AMOUNT_MINOR_MAX);

    public String accountIdFromPath(Context ctx) {
        String accountId = ctx.pathParam("id");
        if (!AccountIds.isValid(accountId)) {
            throw new ProblemException(AccountProblems.INVALID_ACCOUNT_ID, AccountIds.refusal(accountId));
        }
        return accountId;
    }

    /**
     * Hex SHA-256 of a canonical form of the validated request (fields sorted by name, compact JSON),
     * so two requests that differ only in whitespace or field order hash alike.
     */
    public String bodyHash(Map<String, Object> canonicalFields) {
        try {
            byte[] canonical = mapper.writeValueAsString(new TreeMap<>(canonicalFields)).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash a request", e);
        }
    }

    /** The 413, after reading and discarding the rest of a body of a bounded size (see {@link #REFUSED_BODY_DRAIN_BYTES_MAX}). */
    private ProblemException tooLarge(InputStream in, long declared) throws IOException {
        if (declared <= REFUSED_BODY_DRAIN_BYTES_MAX) {
            byte[] discard = new byte[8192];
            long read = 0;
            int n;
            while (read <= REFUSED_BODY_DRAIN_BYTES_MAX && (n = in.read(discard)) != -1) {
                read += n;
            }
        }
        return new ProblemException(AccountProblems.BODY_TOO_LARGE, "the request body is larger than " + requestBodyBytesMax + " bytes");
    }
}
