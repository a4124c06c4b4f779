package org.errata.app.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of ARCHITECTURE.md, checked on the compiled classes of every module. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.errata");
    }

    @Test
    void onlyTheModelRuntimeUsesDjl() {
        noClasses().that().resideOutsideOfPackage("org.errata.runtime..")
                .should().dependOnClassesThat().resideInAPackage("ai.djl..")
                .because("DJL types must not leak out of model-runtime")
                .check(classes);
    }

    @Test
    void theAppTheEngineAndTheStoreNeverTouchDjl() {
        noClasses().that().resideInAnyPackage("org.errata.app..", "org.errata.correction..", "org.errata.persistence..")
                .should().dependOnClassesThat().resideInAPackage("ai.djl..")
                .check(classes);
    }

    @Test
    void onlyTheAppUsesJavaFx() {
        noClasses().that().resideOutsideOfPackage("org.errata.app..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .check(classes);
    }

    @Test
    void servicesKnowNoJavaFx() {
        noClasses().that().resideInAPackage("org.errata.app.services..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.errata.app.gui..")
                .because("the CLI and the GUI share the services")
                .check(classes);
    }

    @Test
    void viewsAndViewModelsNeverReachPersistence() {
        noClasses().that().resideInAPackage("org.errata.app.gui..")
                .should().dependOnClassesThat().resideInAPackage("org.errata.persistence..")
                .because("windows read and write through the services, on the task executor, never the store itself")
                .check(classes);
    }

    @Test
    void lowerModulesNeverDependOnTheApp() {
        noClasses().that().resideInAnyPackage("org.errata.runtime..", "org.errata.correction..", "org.errata.persistence..")
                .should().dependOnClassesThat().resideInAnyPackage("org.errata.app..", "javafx..")
                .check(classes);
    }

    @Test
    void dependenciesPointDownward() {
        noClasses().that().resideInAPackage("org.errata.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("org.errata.correction..", "org.errata.persistence..")
                .check(classes);
        noClasses().that().resideInAPackage("org.errata.correction..")
                .should().dependOnClassesThat().resideInAPackage("org.errata.persistence..")
                .check(classes);
    }
}
