package marquee.users;

import static marquee.platform.testing.TestBackend.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status.Code;
import java.util.Map;
import java.util.UUID;
import marquee.platform.ServiceModules;
import marquee.platform.auth.Approvals;
import marquee.platform.auth.Ed25519Keys;
import marquee.platform.auth.Principal;
import marquee.platform.auth.TokenVerifier;
import marquee.platform.testing.GrpcAssertions;
import marquee.platform.testing.TestBackend;
import marquee.users.v1.ApproveOverrideRequest;
import marquee.users.v1.CreateUserRequest;
import marquee.users.v1.GetProfileRequest;
import marquee.users.v1.GetSigningKeyRequest;
import marquee.users.v1.OverrideAction;
import marquee.users.v1.Role;
import marquee.users.v1.UsersServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A manager's PIN at the cashier's desk gives a two-minute approval of one action on one subject. */
class ApproveOverrideTest {
    private static final String CINEMA = UUID.randomUUID().toString();
    private static TestBackend backend;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(Map.of(
                "marquee.users.login.free.attempts", "3",
                "marquee.users.login.first.lock", "PT60S",
                "marquee.users.bcrypt.strength", "6"), ServiceModules.byName("users"));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    private static UsersServiceGrpc.UsersServiceBlockingStub users(String token) {
        return as(UsersServiceGrpc.newBlockingStub(backend.channel()), token);
    }

    private static String staff(Role role, String cinema, String pin) {
        String login = "m" + UUID.randomUUID().toString().substring(0, 8);
        users(backend.tokens().manager()).createUser(CreateUserRequest.newBuilder()
                .setEmail(login + "@example.com").setPassword("staff pass 12").setDisplayName("Staff " + login).setRole(role)
                .setCinemaId(cinema).setStaffLogin(login).setPin(pin).build());
        return login;
    }

    private static ApproveOverrideRequest request(String login, String pin, OverrideAction action, String subject) {
        return ApproveOverrideRequest.newBuilder().setManagerStaffLogin(login).setPin(pin).setAction(action).setSubject(subject).build();
    }

    private static TokenVerifier verifier() {
        return new TokenVerifier(() -> Ed25519Keys.publicFromBase64(users(null)
                .getSigningKey(GetSigningKeyRequest.getDefaultInstance()).getPublicKeyBase64()));
    }

    @Test
    void aManagersPinGivesAnApprovalForOneActionSubjectAndCashier() {
        String manager = staff(Role.MANAGER, CINEMA, "2468");
        String cashierId = UUID.randomUUID().toString();
        String cashier = backend.tokens().token(Role.CASHIER, cashierId, CINEMA);
        String payment = UUID.randomUUID().toString();

        var approval = users(cashier).approveOverride(request(manager, "2468", OverrideAction.REFUND, payment));

        assertThat(approval.getApproverId()).isNotEmpty();
        assertThat(approval.getExpiresAt().getSeconds() - java.time.Instant.now().getEpochSecond()).isBetween(100L, 121L);
        Principal atDesk = new Principal(cashierId, Role.CASHIER, CINEMA, "", cashier);
        var checked = Approvals.require(verifier(), approval.getApprovalToken(), atDesk, OverrideAction.REFUND, payment, CINEMA, "x");
        assertThat(checked.approverId()).isEqualTo(approval.getApproverId());
        // The same approval is no good for another action, subject or cashier.
        assertThatThrownBy(() -> Approvals.require(verifier(),
                approval.getApprovalToken(), atDesk, OverrideAction.REPRINT, payment, CINEMA, "x"))
                .isInstanceOf(marquee.platform.errors.PermissionDeniedException.class).hasMessageContaining("is for REFUND, not REPRINT");
        assertThatThrownBy(() -> Approvals.require(verifier(),
                approval.getApprovalToken(), atDesk, OverrideAction.REFUND, UUID.randomUUID().toString(), CINEMA, "x"))
                .isInstanceOf(marquee.platform.errors.PermissionDeniedException.class).hasMessageContaining("for another payment");
        Principal someoneElse = new Principal(UUID.randomUUID().toString(), Role.CASHIER, CINEMA, "", cashier);
        assertThatThrownBy(() -> Approvals.require(verifier(),
                approval.getApprovalToken(), someoneElse, OverrideAction.REFUND, payment, CINEMA, "x"))
                .isInstanceOf(marquee.platform.errors.PermissionDeniedException.class).hasMessageContaining("given to someone else");
        // And it is not an access token.
        GrpcAssertions.assertFails(Code.UNAUTHENTICATED, "not valid",
                () -> users(approval.getApprovalToken()).getProfile(GetProfileRequest.getDefaultInstance()));
    }

    @Test
    void aWrongPinIsRefusedAndCountsTowardsTheLockout() {
        String manager = staff(Role.MANAGER, CINEMA, "1357");
        String cashier = backend.tokens().token(Role.CASHIER, UUID.randomUUID().toString(), CINEMA);
        String subject = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            GrpcAssertions.assertFails(Code.UNAUTHENTICATED, "Wrong staff login or PIN",
                    () -> users(cashier).approveOverride(request(manager, "0000", OverrideAction.VOID, subject)));
        }
        // Locked now: the right PIN too is refused until the lock ends (the same rule as StaffLogin).
        GrpcAssertions.assertFails(Code.RESOURCE_EXHAUSTED, "try again",
                () -> users(cashier).approveOverride(request(manager, "1357", OverrideAction.VOID, subject)));
        assertThat(backend.count("SELECT failed_logins FROM users.account WHERE lower(staff_login) = '" + manager + "'"))
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void onlyAManagerOfTheCinemaApprovesAndOnlyStaffAsk() {
        String cashierLogin = staff(Role.CASHIER, CINEMA, "1111");
        String elsewhere = staff(Role.MANAGER, UUID.randomUUID().toString(), "2222");
        String cashier = backend.tokens().token(Role.CASHIER, UUID.randomUUID().toString(), CINEMA);
        GrpcAssertions.assertFails(Code.PERMISSION_DENIED, "Only a manager",
                () -> users(cashier).approveOverride(request(cashierLogin, "1111", OverrideAction.REPRINT, "ABC234")));
        GrpcAssertions.assertFails(Code.PERMISSION_DENIED, "another cinema",
                () -> users(cashier).approveOverride(request(elsewhere, "2222", OverrideAction.REPRINT, "ABC234")));
        GrpcAssertions.assertFails(Code.PERMISSION_DENIED, "CASHIER or MANAGER",
                () -> users(backend.tokens().customer()).approveOverride(request(elsewhere, "2222", OverrideAction.REPRINT, "A")));
        GrpcAssertions.assertFails(Code.UNAUTHENTICATED, "Sign in",
                () -> users(null).approveOverride(request(elsewhere, "2222", OverrideAction.REPRINT, "A")));
    }

    @Test
    void badInputIsInvalidArgumentAndChangesNothing() {
        String manager = staff(Role.MANAGER, CINEMA, "9753");
        String cashier = backend.tokens().token(Role.CASHIER, UUID.randomUUID().toString(), CINEMA);
        GrpcAssertions.assertFailsWithoutChange(backend, "users", Code.INVALID_ARGUMENT, "action",
                () -> users(cashier).approveOverride(request(manager, "9753", OverrideAction.OVERRIDE_ACTION_UNSPECIFIED, "x")));
        GrpcAssertions.assertFailsWithoutChange(backend, "users", Code.INVALID_ARGUMENT, "subject",
                () -> users(cashier).approveOverride(request(manager, "9753", OverrideAction.VOID, " ")));
        GrpcAssertions.assertFailsWithoutChange(backend, "users", Code.INVALID_ARGUMENT, "pin",
                () -> users(cashier).approveOverride(request(manager, "", OverrideAction.VOID, "x")));
        GrpcAssertions.assertFailsWithoutChange(backend, "users", Code.INVALID_ARGUMENT, "manager_staff_login",
                () -> users(cashier).approveOverride(request("", "9753", OverrideAction.VOID, "x")));
    }
}
