package com.silenttalk.automation.core.dryrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.silenttalk.automation.core.InvalidFieldException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannedCallTest {
    private static final PlannedCall.Wording AWS_WORDS = new PlannedCall.Wording("service", "operation", "region", "parameters");
    private static final PlannedCall.Wording AZURE_WORDS = new PlannedCall.Wording("plane", "method", "target", "body");

    private final PlannedCall call = new PlannedCall("rds", "CreateDBSnapshot", "eu-west-1", Map.of("DBInstanceIdentifier", "orders"));

    @Test
    void fields_whenWordedForARunner_namesEveryPartAsTheRunnerSaysItInOneOrder() {
        assertThat(call.fields(AWS_WORDS)).containsExactly(Map.entry("service", "rds"), Map.entry("operation", "CreateDBSnapshot"),
                Map.entry("region", "eu-west-1"), Map.entry("parameters", Map.of("DBInstanceIdentifier", "orders")));
        assertThat(call.fields(AZURE_WORDS).keySet()).containsExactly("plane", "method", "target", "body");
        assertThat(List.copyOf(call.fields(AZURE_WORDS).values())).isEqualTo(List.copyOf(call.fields(AWS_WORDS).values()));
    }

    @Test
    void constructor_whenTheParametersChangeLater_keepsWhatWasPlanned() {
        Map<String, Object> parameters = new LinkedHashMap<>(Map.of("Bucket", "st-reports"));
        PlannedCall planned = new PlannedCall("s3", "PutObject", "eu-west-1", parameters);
        parameters.put("Bucket", "elsewhere");

        assertThat(planned.parameters()).containsExactly(Map.entry("Bucket", "st-reports"));
        assertThatThrownBy(() -> planned.parameters().put("Key", "x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void wording_whenTwoPartsShareAName_isRefused() {
        assertThatThrownBy(() -> new PlannedCall.Wording("service", "operation", "service", "parameters"))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("wording");
        assertThatThrownBy(() -> new PlannedCall.Wording("service", " ", "region", "parameters"))
                .isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void constructor_whenAPartIsMissing_namesIt() {
        assertThatThrownBy(() -> new PlannedCall("rds", null, "eu-west-1", Map.of())).hasMessage("operation");
    }
}
