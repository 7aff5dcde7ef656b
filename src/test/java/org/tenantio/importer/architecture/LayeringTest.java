package org.tenantio.importer.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package picture of docs/ARCHITECTURE.md, kept true: arrows point down, no package cycle.
 * A new package must be placed in a layer here (and in the document) before it compiles green.
 */
class LayeringTest {

    private static final String ROOT = "org.tenantio.importer";
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void arrowsPointDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("web").definedBy(ROOT + ".web..", ROOT + ".cli..")
                .layer("flows").definedBy(ROOT + ".importing..", ROOT + ".admin..", ROOT + ".health..")
                .layer("capabilities").definedBy(ROOT + ".intake..", ROOT + ".mapping..", ROOT + ".quality..",
                        ROOT + ".identity..", ROOT + ".load..", ROOT + ".export..", ROOT + ".delivery..", ROOT + ".reconcile..",
                        ROOT + ".privacy..", ROOT + ".alerting..")
                .layer("shared").definedBy(ROOT + ".pipeline..", ROOT + ".run..", ROOT + ".audit..",
                        ROOT + ".security..", ROOT + ".tenant..", ROOT + ".metrics..")
                .layer("kernel").definedBy(ROOT + ".row..", ROOT + ".parse..", ROOT + ".db..", ROOT + ".crypto..")
                .layer("system").definedBy(ROOT + ".system..")
                .whereLayer("web").mayNotBeAccessedByAnyLayer()
                .whereLayer("flows").mayOnlyBeAccessedByLayers("web")
                .whereLayer("capabilities").mayOnlyBeAccessedByLayers("flows", "web")
                .whereLayer("shared").mayOnlyBeAccessedByLayers("capabilities", "flows", "web")
                .whereLayer("kernel").mayOnlyBeAccessedByLayers("shared", "capabilities", "flows", "web")
                .check(classes);
    }

    @Test
    void everyPackageHasALayer() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes().should()
                .resideInAnyPackage(ROOT, ROOT + ".web..", ROOT + ".cli..", ROOT + ".importing..", ROOT + ".admin..", ROOT + ".health..",
                        ROOT + ".intake..", ROOT + ".mapping..", ROOT + ".quality..", ROOT + ".identity..",
                        ROOT + ".load..", ROOT + ".export..", ROOT + ".delivery..", ROOT + ".pipeline..",
                        ROOT + ".run..", ROOT + ".audit..", ROOT + ".security..", ROOT + ".tenant..",
                        ROOT + ".metrics..", ROOT + ".reconcile..", ROOT + ".privacy..", ROOT + ".alerting..", ROOT + ".row..", ROOT + ".parse..", ROOT + ".db..", ROOT + ".crypto..", ROOT + ".system..")
                .because("a package outside the layers of docs/ARCHITECTURE.md escapes the layering check")
                .check(classes);
    }
}
