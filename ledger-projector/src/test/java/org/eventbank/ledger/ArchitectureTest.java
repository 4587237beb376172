package org.eventbank.ledger;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The folder tree is the architecture: root (wiring) -> http, kafka, query, domain; http -> query,
 * domain, kit; kafka -> query, domain, kit, schemas; query -> domain; domain -> nothing.
 */
@AnalyzeClasses(packages = "org.eventbank.ledger", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "org.eventbank.ledger";
    private static final String DOMAIN = ROOT + ".domain..";
    private static final String QUERY = ROOT + ".query..";
    private static final String HTTP = ROOT + ".http..";
    private static final String KAFKA = ROOT + ".kafka..";

    @ArchTest
    static final ArchRule domainIsPlainJava = classes().that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", DOMAIN, "org.eventbank.schemas.contract..")
            .because("the fold and its rules are plain Java: no Kafka, HTTP, Avro or kit type may leak into them");

    @ArchTest
    static final ArchRule httpDoesNotKnowKafka = noClasses().that().resideInAPackage(HTTP)
            .should().dependOnClassesThat().resideInAPackage(KAFKA)
            .because("the REST edge reads through the query ports; Kafka Streams is an implementation of them");

    @ArchTest
    static final ArchRule kafkaDoesNotKnowHttp = noClasses().that().resideInAPackage(KAFKA)
            .should().dependOnClassesThat().resideInAPackage(HTTP)
            .because("the Kafka side answers with values; turning them into HTTP answers is the edge's job");

    @ArchTest
    static final ArchRule avroOnlyAtTheKafkaEdge = noClasses().that().resideOutsideOfPackage(KAFKA)
            .should().dependOnClassesThat().resideInAPackage("org.eventbank.schemas.avro..")
            .because("the generated Avro classes are the wire format of the topics: only the Kafka edge maps them");

    @ArchTest
    static final ArchRule portsSpeakDomain = classes().that().resideInAPackage(QUERY)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", DOMAIN, QUERY)
            .because("the query ports take and return domain types and small values, never an adapter's types");

    @ArchTest
    static final ArchRule nothingDependsOnTheWiring = noClasses().that().resideOutsideOfPackage(ROOT)
            .should().dependOnClassesThat().resideInAPackage(ROOT)
            .because("the root package only wires the others together (and holds the config they are handed pieces of)");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching(ROOT + ".(*)..").should().beFreeOfCycles()
            .because("each package depends only downwards: http and kafka on query, query on domain");
}
