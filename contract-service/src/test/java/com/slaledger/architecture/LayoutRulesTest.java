package com.slaledger.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the layout honest: the aggregate is pure domain, and nothing is arranged by technical layer. */
@AnalyzeClasses(packages = "com.slaledger", importOptions = ImportOption.DoNotIncludeTests.class)
class LayoutRulesTest {

    @ArchTest
    static final ArchRule theAggregateUsesNoInfrastructure = noClasses()
            .that()
            .resideInAPackage("com.slaledger.contract..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework..",
                    "javax.sql..",
                    "java.sql..",
                    "org.apache.kafka..",
                    "java.net..",
                    "com.slaledger.eventstore..",
                    "com.slaledger.review..",
                    "com.slaledger.intake..",
                    "com.slaledger.publishing..")
            .because(
                    "the Contract aggregate is deterministic domain code: it decides on the shared fold alone (ADR 0012)");

    @ArchTest
    static final ArchRule theAggregateReadsNoClock = noClasses()
            .that()
            .resideInAPackage("com.slaledger.contract..")
            .should()
            .callMethod(java.time.Instant.class, "now")
            .orShould()
            .callMethod(java.util.UUID.class, "randomUUID")
            .orShould()
            .callMethod(java.lang.System.class, "currentTimeMillis")
            .because("time and ids come from the command's metadata, so fixture tests are exact");

    @ArchTest
    static final ArchRule noTechnicalLayerPackages = noClasses()
            .should()
            .resideInAnyPackage(
                    "..controllers..",
                    "..services..",
                    "..repositories..",
                    "..controller..",
                    "..service..",
                    "..repository..")
            .because("packages are by feature or role, not by technical layer");
}
