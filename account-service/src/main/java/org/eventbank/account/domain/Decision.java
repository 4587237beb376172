package org.eventbank.account.domain;

import java.util.List;

/** The decider's answer: the events to append, or a rejection that appends nothing. */
public sealed interface Decision permits Decision.Accepted, Decision.Rejected {

    record Accepted(List<AccountEvent> events) implements Decision {
        public Accepted {
            if (events.isEmpty()) {
                throw new IllegalArgumentException("an accepted command yields at least one event");
            }
            events = List.copyOf(events);
        }
    }

    record Rejected(Rejection rejection) implements Decision {
    }

    static Decision accept(AccountEvent event) {
        return new Accepted(List.of(event));
    }

    static Decision reject(RejectionCode code, String detail) {
        return new Rejected(new Rejection(code, detail));
    }
}
