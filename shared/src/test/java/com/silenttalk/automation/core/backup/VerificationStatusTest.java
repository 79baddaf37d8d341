package com.silenttalk.automation.core.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerificationStatusTest {
    @Test
    void fromMark_whenTheSuiteWroteIt_readsItBack() {
        assertThat(VerificationStatus.fromMark("VERIFIED")).isEqualTo(VerificationStatus.VERIFIED);
        assertThat(VerificationStatus.fromMark("FAILED")).isEqualTo(VerificationStatus.FAILED);
    }

    @Test
    void fromMark_whenNoneOrHandEdited_provesNothing() {
        assertThat(VerificationStatus.fromMark(null)).isEqualTo(VerificationStatus.UNVERIFIED);
        assertThat(VerificationStatus.fromMark("verified")).isEqualTo(VerificationStatus.UNVERIFIED);
        assertThat(VerificationStatus.fromMark("PASSED")).isEqualTo(VerificationStatus.UNVERIFIED);
    }
}
