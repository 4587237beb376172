package org.eventbank.kit.kafka;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.eventbank.schemas.topics.BankTopics;
import org.eventbank.schemas.topics.Topic;

/**
 * The least-privilege ACLs of each service's Kafka principal (docs/decisions/0018-kafka-lock-down.md, the table in
 * docs/security.md), for a cluster whose bank topics the admin's topic bootstrap has already created. One list per
 * service, so the documentation, the tests and an operator's {@code kafka-acls.sh} script cannot drift apart.
 */
public final class BankAcls {

    private BankAcls() {
    }

    /**
     * account-service: the only writer of the ledger. Reads and writes the commands, writes the results and the
     * transfer instructions (and purges those it has processed), reads the ledger (the group guard), records the
     * contract versions; its own Streams group, changelogs and transactional ids, by its application id.
     */
    public static List<AclBinding> accountService(String principal, BankTopics topics, String applicationId) {
        List<AclBinding> acls = new ArrayList<>();
        allow(acls, principal, topics.commands(), AclOperation.READ, AclOperation.WRITE);
        allow(acls, principal, topics.events(), AclOperation.READ, AclOperation.WRITE);
        allow(acls, principal, topics.results(), AclOperation.READ, AclOperation.WRITE);
        allow(acls, principal, topics.transferInstructions(), AclOperation.READ, AclOperation.WRITE, AclOperation.DELETE);
        allow(acls, principal, topics.contractVersions(), AclOperation.READ, AclOperation.WRITE);
        layoutCheck(acls, principal, topics);
        streamsApplication(acls, principal, applicationId);
        return List.copyOf(acls);
    }

    /**
     * ledger-projector: reads the ledger and nothing else of account-service's, writes only the balances and its own
     * internal topics, records the contract versions; its own Streams group (so nobody else can join it and advertise an
     * address for forwarded queries), changelogs, repartition topic and transactional ids, by its application id.
     */
    public static List<AclBinding> ledgerProjector(String principal, BankTopics topics, String applicationId) {
        List<AclBinding> acls = new ArrayList<>();
        allow(acls, principal, topics.events(), AclOperation.READ);
        allow(acls, principal, topics.balances(), AclOperation.WRITE);
        allow(acls, principal, topics.contractVersions(), AclOperation.READ, AclOperation.WRITE);
        layoutCheck(acls, principal, topics);
        streamsApplication(acls, principal, applicationId);
        return List.copyOf(acls);
    }

    /** Every bank topic: DESCRIBE and DESCRIBE_CONFIGS, what the start's layout check reads (and nothing it could change). */
    private static void layoutCheck(List<AclBinding> acls, String principal, BankTopics topics) {
        for (Topic<String, ?> topic : topics.all()) {
            allow(acls, principal, topic, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        }
    }

    /** A Streams application's own resources: its group, its internal topics and its transactional ids, all by prefix. */
    private static void streamsApplication(List<AclBinding> acls, String principal, String applicationId) {
        add(acls, principal, new ResourcePattern(ResourceType.GROUP, applicationId, PatternType.LITERAL),
                AclOperation.READ, AclOperation.DESCRIBE);
        add(acls, principal, new ResourcePattern(ResourceType.TOPIC, applicationId + "-", PatternType.PREFIXED), AclOperation.ALL);
        add(acls, principal, new ResourcePattern(ResourceType.TRANSACTIONAL_ID, applicationId + "-", PatternType.PREFIXED),
                AclOperation.WRITE, AclOperation.DESCRIBE);
    }

    private static void allow(List<AclBinding> acls, String principal, Topic<String, ?> topic, AclOperation... operations) {
        add(acls, principal, new ResourcePattern(ResourceType.TOPIC, topic.name(), PatternType.LITERAL), operations);
    }

    private static void add(List<AclBinding> acls, String principal, ResourcePattern resource, AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(resource, new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW)));
        }
    }
}
