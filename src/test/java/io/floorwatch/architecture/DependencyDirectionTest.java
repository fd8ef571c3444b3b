package io.floorwatch.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency direction of STYLE.md, on the job's own classes (src/main): the event model knows nothing else; the
 * domain packages (aggregations, rules, compliance, players, the control topic) know the model and emit records;
 * sinks know only the records they write; configuration is read in one place and handed down as settings; nothing
 * imports the topology.
 */
class DependencyDirectionTest {
    private static final String ROOT = "io.floorwatch";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(ROOT);
    }

    private static String[] packages(String... names) {
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) out[i] = ROOT + "." + names[i] + "..";
        return out;
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }

    @Test
    void theEventModelKnowsNothingElse() {
        check(noClasses()
                .that()
                .resideInAPackage(ROOT + ".event..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(packages(
                        "alert",
                        "compliance",
                        "config",
                        "console",
                        "control",
                        "floor",
                        "player",
                        "reconcile",
                        "rules",
                        "simulator",
                        "sink",
                        "source",
                        "topology")));
    }

    @Test
    void alertsAndConfigurationKnowOnlyTheEventModel() {
        String[] aboveTheModel = packages(
                "compliance",
                "console",
                "control",
                "floor",
                "player",
                "reconcile",
                "rules",
                "simulator",
                "sink",
                "source",
                "topology");
        check(noClasses()
                .that()
                .resideInAPackage(ROOT + ".alert..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(aboveTheModel));
        check(noClasses()
                .that()
                .resideInAPackage(ROOT + ".config..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(aboveTheModel));
    }

    @Test
    void aggregationsRulesComplianceAndPlayersKnowTheModelNotEachOther() {
        String[] io = packages("console", "reconcile", "simulator", "sink", "source", "topology");
        // the aggregations are below the rules: HOT/COLD and FLOOR_ANOMALY judge their minute rows, never the reverse
        check(noClasses()
                .that()
                .resideInAPackage(ROOT + ".floor..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(packages("rules", "compliance", "player", "control")));
        check(noClasses()
                .that()
                .resideInAPackage(ROOT + ".rules..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(packages("compliance", "player")));
        check(noClasses()
                .that()
                .resideInAPackage(ROOT + ".compliance..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(packages("floor", "rules", "player")));
        check(noClasses()
                .that()
                .resideInAPackage(ROOT + ".player..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(packages("floor", "rules")));
        check(noClasses()
                .that()
                .resideInAnyPackage(packages("floor", "rules", "compliance", "player", "control"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(io));
    }

    @Test
    void sinksKnowOnlyTheRecordsTheyWrite() {
        check(noClasses()
                .that()
                .resideInAPackage(ROOT + ".sink..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(packages("config", "topology", "source", "simulator", "console", "reconcile"))
                .because("settings are handed down by the topology; a sink writes records, it reads no configuration"));
    }

    @Test
    void configurationIsReadInOnePlace() {
        // reading the configuration (arguments, environment, files) is the entry points' business; the job's parts get
        // the typed FloorWatchConfig, or settings made from it, handed down
        check(noClasses()
                .that()
                .haveSimpleNameNotEndingWith("Main")
                .and()
                .resideOutsideOfPackage(ROOT + ".config..")
                .should()
                .callMethod(
                        io.floorwatch.config.FloorWatchConfig.class, "fromArgs", String[].class, java.util.Map.class));
    }

    @Test
    void nothingButTheEntryPointsImportsTheTopology() {
        check(noClasses()
                .that()
                .resideOutsideOfPackages(ROOT, ROOT + ".topology..")
                .and()
                .haveSimpleNameNotEndingWith("Main")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".topology.."));
    }

    @Test
    void packagesHaveNoCycles() {
        check(slices().matching(ROOT + ".(*)..").should().beFreeOfCycles());
    }
}
