package org.eventbank.account.http;

import java.util.Map;

/** Ends a request with a problem document; thrown by handlers, written by {@link ProblemWriter}. */
public final class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

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

    public ProblemType problemType() {
        return problemType;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
