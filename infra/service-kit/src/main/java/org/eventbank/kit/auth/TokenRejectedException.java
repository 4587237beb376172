package org.eventbank.kit.auth;

/**
 * A bearer token that does not authenticate its caller: missing, malformed, badly signed, expired, not yet valid,
 * for another issuer or audience, or without a usable owner claim. Answered 401 unauthorized. The message is the
 * reason as the client may read it; it never echoes the token.
 */
public final class TokenRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean tokenPresent;

    public TokenRejectedException(String reason, boolean tokenPresent) {
        super(reason, null, false, false);
        this.tokenPresent = tokenPresent;
    }

    /** False when the request carried no token at all: RFC 6750 then names no error code. */
    public boolean tokenPresent() {
        return tokenPresent;
    }
}
