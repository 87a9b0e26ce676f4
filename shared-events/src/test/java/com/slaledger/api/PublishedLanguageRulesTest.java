package com.slaledger.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** shared-events is a pure message jar: records, codes and JSON, nothing of Spring or JPA. */
@AnalyzeClasses(packages = "com.slaledger.api", importOptions = ImportOption.DoNotIncludeTests.class)
class PublishedLanguageRulesTest {

    @ArchTest
    static final ArchRule noSpringOrPersistence = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework..", "jakarta.persistence..", "javax.persistence..", "org.hibernate..")
            .because("the published language is read by systems that use neither");

    @ArchTest
    static final ArchRule axonOnlyForItsAnnotations = noClasses()
            .should()
            .dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                    "Axon classes other than @Revision and @TargetAggregateIdentifier",
                    type -> type.getPackageName().startsWith("org.axonframework")
                            && !type.getName().equals("org.axonframework.serialization.Revision")
                            && !type.getName()
                                    .equals("org.axonframework.modelling.command.TargetAggregateIdentifier")));

    @ArchTest
    static final ArchRule theSharedFoldIsPure = noClasses()
            .that()
            .resideInAPackage("com.slaledger.api.view..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "org.axonframework..", "java.sql..", "org.apache.kafka..")
            .because("the aggregate and every read model share this fold: it is the SLA's meaning, not infrastructure"
                    + " (ADR 0012)");

    @ArchTest
    static final ArchRule messagesAreRecords = classes()
            .that()
            .resideInAnyPackage("com.slaledger.api.command", "com.slaledger.api.event")
            .and()
            .areNotInterfaces()
            .and()
            .areNotEnums()
            .and()
            .doNotHaveSimpleName("ContractEvents")
            // RecordBuilder's withers for the envelope (and their nested types): generated, they build records
            .and(DescribedPredicate.not(
                    JavaClass.Predicates.belongToAnyOf(com.slaledger.api.event.EventEnvelopeBuilder.class)))
            .should()
            .beRecords()
            .because("commands and events are immutable");
}
