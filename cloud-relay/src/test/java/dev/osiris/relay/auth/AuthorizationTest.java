package dev.osiris.relay.auth;

import dev.osiris.relay.auth.Authorization.Decision;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static dev.osiris.relay.auth.Authorization.decide;
import static org.assertj.core.api.Assertions.assertThat;

class AuthorizationTest {

    private static Principal user(Role role) {
        return new Principal(Principal.Kind.PARTNER_USER, "usr-1", "a@msp.test",
                dev.osiris.relay.store.Tenant.partner("p1"), role, "csrf");
    }

    private static final Principal PLATFORM = new Principal(Principal.Kind.PLATFORM_ADMIN, "usr-2", "ops@relay.test",
            null, null, "csrf");

    @Test
    void nobodyHoldsOnlyThePublicPermission() {
        for (Permission p : Permission.values()) {
            assertThat(decide(null, p)).as(p.name())
                    .isEqualTo(p == Permission.PUBLIC ? Decision.ALLOW : Decision.UNAUTHENTICATED);
        }
    }

    @Test
    void readonlyReadsButChangesNothing() {
        assertThat(decide(user(Role.READONLY), Permission.SITE_READ)).isEqualTo(Decision.ALLOW);
        assertThat(decide(user(Role.READONLY), Permission.SITE_WRITE)).isEqualTo(Decision.FORBIDDEN);
        assertThat(decide(user(Role.READONLY), Permission.TEAM_ADMIN)).isEqualTo(Decision.FORBIDDEN);
        assertThat(decide(user(Role.READONLY), Permission.AUDIT_READ)).isEqualTo(Decision.FORBIDDEN);
    }

    @Test
    void operatorChangesSitesButNotTheTeam() {
        assertThat(decide(user(Role.OPERATOR), Permission.SITE_WRITE)).isEqualTo(Decision.ALLOW);
        assertThat(decide(user(Role.OPERATOR), Permission.TEAM_ADMIN)).isEqualTo(Decision.FORBIDDEN);
        assertThat(decide(user(Role.OPERATOR), Permission.AUDIT_READ)).isEqualTo(Decision.FORBIDDEN);
    }

    @Test
    void adminHoldsEveryPartnerPermissionAndNoPlatformOne() {
        for (Permission p : EnumSet.of(Permission.SITE_READ, Permission.SITE_WRITE, Permission.TEAM_ADMIN,
                Permission.AUDIT_READ, Permission.SIGNED_IN)) {
            assertThat(decide(user(Role.ADMIN), p)).as(p.name()).isEqualTo(Decision.ALLOW);
        }
        assertThat(decide(user(Role.ADMIN), Permission.PLATFORM_ADMIN)).isEqualTo(Decision.FORBIDDEN);
    }

    @Test
    void releasesAreManagedByPlatformAdminsAndTheRelaysOwnPartnersAdminsOnly() {
        Principal ownAdmin = Principal.key("opk-1", "ops", dev.osiris.relay.store.Tenant.DEFAULT_PARTNER, Role.ADMIN);
        Principal ownOperator = Principal.key("opk-2", "ops", dev.osiris.relay.store.Tenant.DEFAULT_PARTNER, Role.OPERATOR);
        assertThat(decide(PLATFORM, Permission.RELEASE_ADMIN)).isEqualTo(Decision.ALLOW);
        assertThat(decide(ownAdmin, Permission.RELEASE_ADMIN)).isEqualTo(Decision.ALLOW);
        assertThat(decide(ownOperator, Permission.RELEASE_ADMIN)).isEqualTo(Decision.FORBIDDEN);
        assertThat(decide(user(Role.ADMIN), Permission.RELEASE_ADMIN)).as("another partner's admin")
                .isEqualTo(Decision.FORBIDDEN);
    }

    @Test
    void platformAdminSeesNoPartnerData() {
        assertThat(decide(PLATFORM, Permission.PLATFORM_ADMIN)).isEqualTo(Decision.ALLOW);
        assertThat(decide(PLATFORM, Permission.SIGNED_IN)).isEqualTo(Decision.ALLOW);
        for (Permission p : EnumSet.of(Permission.SITE_READ, Permission.SITE_WRITE, Permission.TEAM_ADMIN,
                Permission.AUDIT_READ)) {
            assertThat(decide(PLATFORM, p)).as(p.name()).isEqualTo(Decision.FORBIDDEN);
        }
    }

    @Test
    void noPersonOrPartnerKeyPassesAsAnAppliance() {
        assertThat(decide(user(Role.ADMIN), Permission.APPLIANCE)).isEqualTo(Decision.UNAUTHENTICATED);
        assertThat(decide(Principal.key("opk-1", "ci", "p1", Role.ADMIN), Permission.APPLIANCE))
                .isEqualTo(Decision.UNAUTHENTICATED);
        assertThat(decide(PLATFORM, Permission.APPLIANCE)).isEqualTo(Decision.UNAUTHENTICATED);
    }

    @Test
    void aKeyIsJudgedByItsRoleAsAPersonIs() {
        for (Role role : Role.values()) {
            for (Permission p : Permission.values()) {
                assertThat(decide(Principal.key("opk-1", "ci", "p1", role), p)).as(role + " " + p)
                        .isEqualTo(decide(user(role), p));
            }
        }
    }
}
