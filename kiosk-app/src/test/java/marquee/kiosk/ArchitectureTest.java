package marquee.kiosk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Views only build controls and bind to view-models: no gRPC, no SQL, no generated contracts in a view. */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("marquee.kiosk");

    @Test
    void viewsDoNotTalkToTheBackendOrTheDatabase() {
        noClasses().that().haveSimpleNameEndingWith("View")
                .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "java.sql..", "marquee.users.v1..",
                        "marquee.movies.v1..", "marquee.theaters.v1..", "marquee.reservations.v1..", "marquee.payments.v1..",
                        "marquee.tickets.v1..")
                .check(classes);
    }

    @Test
    void viewModelsDoNotUseGrpcDirectly() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "java.sql..")
                .check(classes);
    }
}
