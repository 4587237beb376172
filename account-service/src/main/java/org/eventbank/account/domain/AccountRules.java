package org.eventbank.account.domain;

import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The value rules shared by the decider and the HTTP edge, which checks them first for a quick 400.
 * The account-id rule is the contract's, {@link org.eventbank.schemas.contract.AccountIds}, shared by every module.
 */
public final class AccountRules {

    /** One command moves at most 10^12 minor units. */
    public static final long AMOUNT_MINOR_MAX = 1_000_000_000_000L;
    public static final int OWNER_LENGTH_MAX = 200;
    public static final int REASON_LENGTH_MAX = 200;
    private static final Set<String> CURRENCY_CODES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());

    private AccountRules() {
    }

    public static boolean isValidOwner(String owner) {
        return owner != null && !owner.isBlank() && owner.length() <= OWNER_LENGTH_MAX;
    }

    /**
     * The reason a client gives for closing: 1-200 characters, not blank. Checked at the HTTP edge only: the
     * results contract has no outcome for a bad reason, and only this service writes commands.
     */
    public static boolean isValidReason(String reason) {
        return reason != null && !reason.isBlank() && reason.length() <= REASON_LENGTH_MAX;
    }

    public static boolean isValidAmount(long amountMinor) {
        return amountMinor >= 1 && amountMinor <= AMOUNT_MINOR_MAX;
    }

    /** Any ISO 4217 code that {@link Currency} knows, upper case as the standard writes it. */
    public static boolean isKnownCurrency(String code) {
        return code != null && CURRENCY_CODES.contains(code);
    }
}
