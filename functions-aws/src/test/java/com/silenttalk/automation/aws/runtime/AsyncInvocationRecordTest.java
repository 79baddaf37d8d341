package com.silenttalk.automation.aws.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.silenttalk.automation.aws.runtime.AsyncInvocationRecord.LambdaFunction;
import com.silenttalk.automation.core.InvalidFieldException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AsyncInvocationRecordTest {
    static final LambdaFunction CENSUS = new LambdaFunction("eu-west-1", "123456789012", "silenttalk-ops-snapshot-census");

    @SuppressWarnings("unchecked")
    static Map<String, Object> record() {
        return EventLoader.loadEvent("events/lambda/census-destination-success.json", Map.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> withContext(String field, Object value) {
        Map<String, Object> record = record();
        Map<String, Object> context = new HashMap<>((Map<String, Object>) record.get("requestContext"));
        context.put(field, value);
        record.put("requestContext", context);
        return record;
    }

    @Test
    void parse_whenTheDocumentedSuccessRecord_keepsTheRequestSideOnly() {
        AsyncInvocationRecord parsed = AsyncInvocationRecord.parse(record(), CENSUS);

        assertThat(parsed.succeeded()).isTrue();
        assertThat(parsed.approximateInvokeCount()).isEqualTo(1);
        assertThat(parsed.requestPayload()).containsEntry("detail-type", "Scheduled Event")
                .containsEntry("id", "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "arn:aws:lambda:eu-west-1:123456789012:function:silenttalk-ops-snapshot-census",
            "arn:aws:lambda:eu-west-1:123456789012:function:silenttalk-ops-snapshot-census:$LATEST",
            "arn:aws:lambda:eu-west-1:123456789012:function:silenttalk-ops-snapshot-census:7",
            "arn:aws-cn:lambda:eu-west-1:123456789012:function:silenttalk-ops-snapshot-census:live"})
    void parse_whenAnyVersionOrAliasOfTheFunction_accepts(String arn) {
        assertThat(AsyncInvocationRecord.parse(withContext("functionArn", arn), CENSUS).functionArn()).isEqualTo(arn);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "arn:aws:lambda:eu-west-1:123456789012:function:silenttalk-ops-snapshot-census-copy:live",
            "arn:aws:lambda:eu-central-1:123456789012:function:silenttalk-ops-snapshot-census",
            "arn:aws:lambda:eu-west-1:123456789012:function:silenttalk-ops-snapshot-census:live:extra",
            "xarn:aws:lambda:eu-west-1:123456789012:function:silenttalk-ops-snapshot-census",
            "arn:aws:sqs:eu-west-1:123456789012:function:silenttalk-ops-snapshot-census"})
    void parse_whenAnotherFunctionRegionOrService_rejectsNamingTheArn(String arn) {
        assertThatThrownBy(() -> AsyncInvocationRecord.parse(withContext("functionArn", arn), CENSUS))
                .isInstanceOf(InvalidFieldException.class)
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("requestContext.functionArn"));
    }

    @Test
    void parse_whenTheCountOrVersionIsNotTheDocumentedShape_rejectsNamingTheField() {
        Map<String, Object> wrongVersion = record();
        wrongVersion.put("version", "2.0");

        assertThatThrownBy(() -> AsyncInvocationRecord.parse(withContext("approximateInvokeCount", 0), CENSUS))
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("requestContext.approximateInvokeCount"));
        assertThatThrownBy(() -> AsyncInvocationRecord.parse(withContext("requestId", null), CENSUS))
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("requestContext.requestId"));
        assertThatThrownBy(() -> AsyncInvocationRecord.parse(wrongVersion, CENSUS))
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("version"));
    }

    @Test
    void claimedBy_whenAScheduledEventOrARecord_tellsThemApart() {
        assertThat(AsyncInvocationRecord.claimedBy(record())).isTrue();
        assertThat(AsyncInvocationRecord.claimedBy(Map.of("source", "aws.events", "detail-type", "Scheduled Event"))).isFalse();
        assertThat(AsyncInvocationRecord.claimedBy(Map.of("requestPayload", Map.of()))).isTrue();
    }
}
