package org.eventbank.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.eventbank.schemas.topics.BankTopics;
import org.junit.jupiter.api.Test;

class BankAclsTest {

    private final BankTopics topics = BankTopics.defaults();
    private final List<AclBinding> account = BankAcls.accountService("account-service", topics, "bank-account-service");
    private final List<AclBinding> projector = BankAcls.ledgerProjector("ledger-projector", topics, "bank-ledger-projector");

    @Test
    void shouldLetOnlyAccountServiceWriteTheLedgerAndTheCommands() {
        assertThat(operations(account, topics.events().name())).contains(AclOperation.WRITE);
        assertThat(operations(projector, topics.events().name())).containsExactlyInAnyOrder(AclOperation.READ,
                AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        for (String untouched : List.of(topics.commands().name(), topics.results().name(), topics.transferInstructions().name())) {
            assertThat(operations(projector, untouched)).as(untouched).containsExactlyInAnyOrder(AclOperation.DESCRIBE,
                    AclOperation.DESCRIBE_CONFIGS);
        }
        assertThat(operations(account, topics.balances().name())).as("account-service never writes the balances")
                .containsExactlyInAnyOrder(AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
    }

    @Test
    void shouldGiveEachServiceOnlyItsOwnGroupAndNoRightToChangeABankTopicsConfig() {
        assertThat(resources(account, ResourceType.GROUP)).containsExactly("bank-account-service");
        assertThat(resources(projector, ResourceType.GROUP)).containsExactly("bank-ledger-projector");
        for (AclBinding binding : concat(account, projector)) {
            if (binding.pattern().resourceType() == ResourceType.TOPIC && !binding.pattern().name().endsWith("-")) {
                assertThat(binding.entry().operation()).as(binding.toString())
                        .isNotIn(AclOperation.ALTER_CONFIGS, AclOperation.ALTER, AclOperation.CREATE, AclOperation.ALL);
            }
        }
        assertThat(resources(account, ResourceType.CLUSTER)).isEmpty();
        assertThat(resources(projector, ResourceType.CLUSTER)).isEmpty();
    }

    private static Set<AclOperation> operations(List<AclBinding> acls, String topic) {
        return acls.stream().filter(b -> b.pattern().resourceType() == ResourceType.TOPIC && b.pattern().name().equals(topic))
                .map(b -> b.entry().operation()).collect(Collectors.toSet());
    }

    private static Set<String> resources(List<AclBinding> acls, ResourceType type) {
        return acls.stream().filter(b -> b.pattern().resourceType() == type).map(b -> b.pattern().name()).collect(Collectors.toSet());
    }

    private static List<AclBinding> concat(List<AclBinding> first, List<AclBinding> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
