package com.silenttalk.automation.aws.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.silenttalk.automation.core.InvalidFieldException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;

class EventEnvelopeTest {
    static final Set<String> ACCOUNTS = Set.of("123456789012");

    @ParameterizedTest
    @Event(value = "events/rds/db-snapshot-created.json", type = Map.class)
    void parse_whenDocumentedRdsEvent_readsEnvelopeAndDetail(Map<String, Object> event) {
        EventEnvelope e = EventEnvelope.parse(event, Set.of("aws.rds"), Set.of("RDS DB Snapshot Event"), ACCOUNTS);

        assertThat(e.time()).isEqualTo(Instant.parse("2026-03-01T06:14:13Z"));
        assertThat(e.detailText("EventID")).isEqualTo("RDS-EVENT-0042");
        assertThat(e.resources()).singleElement().asString().endsWith(":snapshot:st-auto-orders-20260301t0600z");
    }

    @ParameterizedTest
    @Event(value = "events/rds/db-snapshot-created.json", type = Map.class)
    void parse_whenTimeIsNotAnInstant_namesTheField(Map<String, Object> event) {
        Map<String, Object> broken = new HashMap<>(event);
        broken.put("time", "yesterday");

        assertThatThrownBy(() -> EventEnvelope.parse(broken, Set.of("aws.rds"), Set.of("RDS DB Snapshot Event"), ACCOUNTS))
                .isInstanceOf(InvalidFieldException.class).hasMessageStartingWith("time:");
    }

    @ParameterizedTest
    @Event(value = "events/rds/db-snapshot-created.json", type = Map.class)
    void parse_whenDetailIsMissing_namesTheField(Map<String, Object> event) {
        Map<String, Object> broken = new HashMap<>(event);
        broken.remove("detail");

        assertThatThrownBy(() -> EventEnvelope.parse(broken, Set.of("aws.rds"), Set.of("RDS DB Snapshot Event"), ACCOUNTS))
                .isInstanceOf(InvalidFieldException.class).hasMessageStartingWith("detail:");
    }

    @ParameterizedTest
    @Event(value = "events/rds/db-cluster-snapshot-created.json", type = Map.class)
    void parse_whenDetailTypeIsNotExpected_rejectsIt(Map<String, Object> event) {
        assertThatThrownBy(() -> EventEnvelope.parse(event, Set.of("aws.rds"), Set.of("RDS DB Snapshot Event"), ACCOUNTS))
                .isInstanceOf(InvalidFieldException.class).hasMessageStartingWith("detail-type:");
    }
}
