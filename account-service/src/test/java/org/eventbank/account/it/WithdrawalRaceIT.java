package org.eventbank.account.it;

import org.eventbank.kafka.local.KafkaBroker;
import org.eventbank.kafka.local.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The withdrawal race ({@link WithdrawalRace}) on the in-JVM KRaft broker. */
@ExtendWith(KafkaBrokerExtension.class)
class WithdrawalRaceIT {

    @Test
    void shouldAcceptExactlyFiftyOfTwoHundredConcurrentWithdrawalsAndNeverOverdraw(KafkaBroker broker) throws Exception {
        WithdrawalRace.run(broker.bootstrapServers());
    }
}
