package org.eventbank.kit.http;

import java.util.Map;

/**
 * An answer that is an RFC 9457 problem: thrown by handlers and validators, written as
 * {@code application/problem+json} by the mapper {@link Problems#install} registers. Carries no stack
 * trace: it is an answer, not a failure.
 */
public final class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Seconds a client should wait before retrying a 503. */
    public static final String RETRY_AFTER_SECONDS = "1";

    private final ProblemType problemType;
    private final transient Map<String, String> headers;

    public ProblemException(ProblemType problemType, String detail) {
        this(problemType, detail, Map.of());
    }

    public ProblemException(ProblemType problemType, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.problemType = problemType;
        this.headers = Map.copyOf(headers);
    }

    /** 503 not-ready with {@code Retry-After}: starting, rebalancing, or too busy to wait for more. */
    public static ProblemException notReady(String detail) {
        return new ProblemException(ProblemType.NOT_READY, detail, Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }

    public ProblemType problemType() {
        return problemType;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
