package org.eventbank.account;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The folder tree is the architecture: root (wiring) -> everything; http -> app, domain, kit;
 * kafka -> app, domain, kit, schemas; app -> domain; domain -> nothing but java and the contract.
 */
@AnalyzeClasses(packages = "org.eventbank.account", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "org.eventbank.account";

    @ArchTest
    static final ArchRule domainDependsOnNothingButJavaAndTheContract = classes()
            .that().resideInAPackage(ROOT + ".domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", ROOT + ".domain..",
                    "org.eventbank.schemas.contract..")
            .because("the decider is pure: no Kafka, no Avro, no HTTP, only the contract's account-id rule");

    @ArchTest
    static final ArchRule httpDoesNotDependOnKafka = noClasses()
            .that().resideInAPackage(ROOT + ".http..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".kafka..")
            .because("the HTTP edge talks to the ports in app, never to their Kafka implementations");

    @ArchTest
    static final ArchRule kafkaDoesNotDependOnHttp = noClasses()
            .that().resideInAPackage(ROOT + ".kafka..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".http..")
            .because("the Kafka adapters answer with app values; how they become HTTP answers is the edge's business");

    @ArchTest
    static final ArchRule avroOnlyInKafka = noClasses()
            .that().resideOutsideOfPackage(ROOT + ".kafka..")
            .should().dependOnClassesThat().resideInAPackage("org.eventbank.schemas.avro..")
            .because("the generated Avro classes are the wire format, mapped to and from the domain only in kafka");

    @ArchTest
    static final ArchRule portsDependOnlyOnTheDomain = classes()
            .that().resideInAPackage(ROOT + ".app..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", ROOT + ".domain..", ROOT + ".app..")
            .because("the ports take and return domain types and their own small values, never an adapter's");

    @ArchTest
    static final ArchRule nothingDependsOnTheRootPackage = noClasses()
            .that().resideOutsideOfPackage(ROOT)
            .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage(ROOT))
            .because("the root package only wires the others together; they take nested config records or plain values");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching(ROOT + ".(*)..")
            .should().beFreeOfCycles()
            .because("each package's arrows point one way: root -> http/kafka -> app -> domain");
}
