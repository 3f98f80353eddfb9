package marquee.kiosk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/**
 * The kiosk app's package rules (docs/architecture.md, "Kiosk packages"): no package depends on
 * one that depends back on it; a view binds to its own view-model and never to the navigator or
 * the device health; only the backend client speaks gRPC; views use no SQL.
 */
class ArchitectureTest {
    /** The generated contract's packages (marquee.users.v1, marquee.common.v1, ...). */
    private static final String[] CONTRACT = {"marquee.users.v1..", "marquee.movies.v1..", "marquee.theaters.v1..",
            "marquee.reservations.v1..", "marquee.payments.v1..", "marquee.tickets.v1..", "marquee.common.v1.."};

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("marquee.kiosk");

    @Test
    void noPackageDependsOnOneThatDependsBackOnIt() {
        slices().matching("marquee.kiosk.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void eachScreenPackageOfTheCustomerKioskIsFreeOfCyclesToo() {
        slices().matching("marquee.kiosk.cashier.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheBackendClientSpeaksGrpc() {
        noClasses().that().resideOutsideOfPackage("marquee.kiosk.backend..")
                .should().dependOnClassesThat().resideInAnyPackage("io.grpc..")
                .orShould().dependOnClassesThat().resideInAnyPackage(CONTRACT)
                .because("screens, view-models, cache and printing speak the kiosk's own types (marquee.kiosk.model)")
                .check(classes);
    }

    @Test
    void theKioskUsesThePlatformOnlyThroughTheClientModuleAndTheServerOnlyThroughItsHandle() {
        noClasses().should().dependOnClassesThat(platformBeyondTheClientModule())
                .because("the kiosk shares only marquee-client (Config, Channels, Tls, BearerToken, ProtoTime) with the services,"
                        + " and starts its embedded backend only through marquee.server.EmbeddedBackend")
                .check(classes);
    }

    private static com.tngtech.archunit.base.DescribedPredicate<JavaClass> platformBeyondTheClientModule() {
        java.util.Set<String> client = java.util.Set.of("marquee.platform.config.Config", "marquee.platform.grpc.Channels",
                "marquee.platform.grpc.Tls", "marquee.platform.auth.BearerToken", "marquee.platform.grpc.ProtoTime",
                "marquee.platform.auth.TerminalQr");
        return com.tngtech.archunit.base.DescribedPredicate.describe("platform or server classes outside marquee-client",
                target -> {
                    String name = target.getName();
                    String outer = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
                    if (outer.startsWith("marquee.platform.")) return !client.contains(outer);
                    if (outer.startsWith("marquee.server.")) return !outer.equals("marquee.server.EmbeddedBackend");
                    return false;
                });
    }

    @Test
    void viewsBindOnlyToTheirOwnViewModel() {
        // The till's window composes its screens (as shell.KioskShell does the kiosk's) and masks them while any is busy.
        classes().that().haveSimpleNameEndingWith("View").and().doNotHaveFullyQualifiedName("marquee.kiosk.cashier.CashierView")
                .should(useOnlyTheirOwnViewModel()).check(classes);
    }

    @Test
    void viewsNeverReachTheNavigatorOrTheDeviceHealth() {
        noClasses().that().haveSimpleNameEndingWith("View")
                .should().dependOnClassesThat().haveFullyQualifiedName("marquee.kiosk.nav.Navigator")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("marquee.kiosk.health.DeviceHealth")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("marquee.kiosk.shell.Kiosk")
                .check(classes);
    }

    @Test
    void viewsDoNotTalkToTheDatabase() {
        noClasses().that().haveSimpleNameEndingWith("View")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "marquee.kiosk.cache..")
                .check(classes);
    }

    @Test
    void viewModelsDoNotUseGrpcOrSqlDirectly() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "java.sql..")
                .check(classes);
    }

    /**
     * A view may use view-models of its own package only — and the seat map's, a component that
     * several screens embed with its own view (SeatMapView, SeatLegendView).
     */
    private static ArchCondition<JavaClass> useOnlyTheirOwnViewModel() {
        return new ArchCondition<>("use only the view-model of their own package (or the embedded seat map's)") {
            @Override
            public void check(JavaClass view, ConditionEvents events) {
                for (Dependency dependency : view.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass();
                    String name = target.getSimpleName();
                    boolean viewModel = name.endsWith("ViewModel") && target.getPackageName().startsWith("marquee.kiosk");
                    boolean own = target.getPackageName().equals(view.getPackageName());
                    boolean component = target.getPackageName().equals("marquee.kiosk.seatmap");
                    if (viewModel && !own && !component) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }
}
