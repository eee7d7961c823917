package dev.osiris.relay.identity;

import dev.osiris.relay.auth.Role;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ApprovalTest {

    private static final AllowListEntry LAKESIDE = new AllowListEntry("lakeside.test", "partner-1", Role.OPERATOR,
            Instant.EPOCH, "staff");

    private static VerifiedIdentity person(String verifiedDomain) {
        return new VerifiedIdentity("google", "https://accounts.google.test", "1", "a@lakeside.test",
                verifiedDomain != null, verifiedDomain);
    }

    @Test
    void aVerifiedAllowListedDomainIsApprovedIntoItsPartnerWithItsRole() {
        Approval.Decision d = Approval.decide(person("lakeside.test"), Optional.of(LAKESIDE), false);
        assertThat(d).isEqualTo(new Approval.Decision(true, "partner-1", Role.OPERATOR));
    }

    @Test
    void withApprovalRequiredItWaitsWithThePartnerSuggested() {
        Approval.Decision d = Approval.decide(person("lakeside.test"), Optional.of(LAKESIDE), true);
        assertThat(d).isEqualTo(new Approval.Decision(false, "partner-1", Role.OPERATOR));
    }

    @Test
    void noVerifiedDomainOrNoEntryWaitsWithNoPartner() {
        assertThat(Approval.decide(person(null), Optional.of(LAKESIDE), false).approveNow()).isFalse();
        assertThat(Approval.decide(person("hillside.test"), Optional.empty(), false))
                .isEqualTo(new Approval.Decision(false, null, null));
        assertThat(Approval.decide(person("hillside.test"), Optional.of(LAKESIDE), false).approveNow()).isFalse();
    }
}
