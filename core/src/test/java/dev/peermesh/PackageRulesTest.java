package dev.peermesh;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The core's ground plan (docs/architecture.md), checked over its class files: the internal packages form no cycle,
 * the sans-IO protocol packages never reach the runtime, the transport or Netty, and the API package reaches the
 * runtime only through the {@link MeshNode} facade.
 */
class PackageRulesTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.peermesh");

    /** {@code MeshNode} and its nested builder: the one place where the API creates the runtime. */
    private static final DescribedPredicate<JavaClass> FACADE = DescribedPredicate.describe("the MeshNode facade",
            type -> type.getName().equals(MeshNode.class.getName())
                    || type.getName().startsWith(MeshNode.class.getName() + "$"));

    @Test
    void internalPackagesFormNoCycle() {
        // (**): every package its own slice, so protocol.link must not lean on protocol, which drives it
        slices().matching("dev.peermesh.(**)").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void sansIoPackagesDependOnNeitherTheRuntimeNorTheTransportNorNetty() {
        noClasses().that().resideInAnyPackage("dev.peermesh.protocol..", "dev.peermesh.membership..",
                        "dev.peermesh.dissemination..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.peermesh.node..", "dev.peermesh.transport..",
                        "io.netty..", "java.net..", "java.util.concurrent..")
                .check(CORE);
    }

    @Test
    void onlyTheFacadeReachesTheRuntime() {
        noClasses().that(not(FACADE)).and().resideOutsideOfPackage("dev.peermesh.node..")
                .should().dependOnClassesThat().resideInAPackage("dev.peermesh.node..")
                .check(CORE);
    }

    @Test
    void onlyTheNodeDriverDrivesTheProtocol() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.peermesh.node.NodeDriver")
                .and().resideOutsideOfPackage("dev.peermesh.protocol..")
                .should().callMethodWhere(DescribedPredicate.describe("a method of MeshProtocol",
                        call -> call.getTargetOwner().getName().equals("dev.peermesh.protocol.MeshProtocol")))
                .check(CORE);
    }

    @Test
    void theApiPackageBesideTheFacadeUsesNoEngineInternals() {
        noClasses().that().resideInAPackage("dev.peermesh").and(not(FACADE))
                .should().dependOnClassesThat().resideInAnyPackage("dev.peermesh.node..", "dev.peermesh.protocol..",
                        "dev.peermesh.membership..", "dev.peermesh.dissemination..", "dev.peermesh.transport..",
                        "dev.peermesh.wire..", "io.netty..")
                .check(CORE);
    }
}
