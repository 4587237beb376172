package org.eventbank.schemas.contract;

import java.util.regex.Pattern;

/**
 * The account-id rule of the contract: 1-64 characters of {@code [A-Za-z0-9._-]}. Record keys, the
 * projector's history-store ordering and the idempotency store's keys depend on it, so it is
 * checked here once, by every module, with one message.
 */
public final class AccountIds {

    public static final int LENGTH_MAX = 64;
    /** What a valid account id looks like, in the words every refusal uses. */
    public static final String RULE = "1-" + LENGTH_MAX + " characters of [A-Za-z0-9._-]";

    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9._-]{1," + LENGTH_MAX + "}");
    private static final int QUOTED_LENGTH_MAX = 100;

    private AccountIds() {
    }

    public static boolean isValid(String accountId) {
        return accountId != null && ACCOUNT_ID.matcher(accountId).matches();
    }

    /**
     * The one refusal sentence: {@code account id must be 1-64 characters of [A-Za-z0-9._-], not 'a/b'}. The
     * client's input is quoted as printable ASCII only (any other character, or half of a broken one, reads '?')
     * and at most 100 characters, so an answer never carries bytes a client cannot decode.
     */
    public static String refusal(String accountId) {
        String text = accountId == null ? "" : accountId;
        StringBuilder quoted = new StringBuilder();
        text.codePoints().limit(QUOTED_LENGTH_MAX).forEach(c -> quoted.append(c >= 0x20 && c <= 0x7e ? (char) c : '?'));
        if (text.codePointCount(0, text.length()) > QUOTED_LENGTH_MAX) {
            quoted.append("...");
        }
        return "account id must be " + RULE + ", not '" + quoted + "'";
    }
}
