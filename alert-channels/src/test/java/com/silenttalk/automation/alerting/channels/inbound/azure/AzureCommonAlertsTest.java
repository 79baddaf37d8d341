package com.silenttalk.automation.alerting.channels.inbound.azure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AzureCommonAlertsTest {
    @Test
    void resourceTypeOf_whenNestedType_joinsTypeSegments() {
        assertThat(AzureCommonAlerts.resourceTypeOf(
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/db1/databases/main"))
                .isEqualTo("microsoft.sql/servers/databases");
    }
}
