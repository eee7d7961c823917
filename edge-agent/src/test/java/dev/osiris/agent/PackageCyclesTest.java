package dev.osiris.agent;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The agent's capability packages ({@code drift}, {@code heal}, {@code runbook}, {@code remote}, ...) form no cycle:
 * what two of them both need lives in a package below them, so that each can be read and tested from the bottom up.
 */
@AnalyzeClasses(packages = "dev.osiris.agent", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {

    @ArchTest
    static final ArchRule noCycleBetweenAgentPackages = slices().matching("dev.osiris.agent.(*)..")
            .should().beFreeOfCycles();
}
