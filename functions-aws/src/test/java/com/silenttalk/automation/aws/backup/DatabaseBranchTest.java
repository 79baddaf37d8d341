package com.silenttalk.automation.aws.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.silenttalk.automation.aws.runtime.AwsSettings;
import com.silenttalk.automation.aws.testing.TestSettings;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A fan-out branch's input as the Map's ItemSelector gives it: one configured database and the scheduled event. */
class DatabaseBranchTest {
    @ParameterizedTest
    @Event(value = "branches/snapshot-branch.json", type = Map.class)
    void parse_whenTheItemIsAnEntryOfStDatabases_namesThatDatabaseAndTheEventsWindow(Map<String, Object> input) {
        DatabaseBranch branch = DatabaseBranch.parse(input, TestSettings.settings());

        assertThat(branch.database()).isEqualTo(new DatabaseId("orders"));
        assertThat(branch.window(TestSettings.settings()).snapshotIdFor(branch.database()).value())
                .isEqualTo("st-auto-orders-20260301t0600z");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "database | billing:instance | not in ST_DATABASES",
            "database | orders:cluster   | not of the kind",
            "database | orders:instance@210987654321 | not in the account and region ST_DATABASES gives it",
            "database | ''               | must be a non-empty string",
            "input    | extra            | is not a field of a branch"})
    void parse_whenTheItemIsNotABranchOfOurs_refusesNamingTheField(String field, String value, String problem) {
        Map<String, Object> input = branch();
        if (field.equals("input")) {
            input.put(value, "x");
        } else {
            input.put(field, value);
        }

        assertThatThrownBy(() -> DatabaseBranch.parse(input, TestSettings.settings())).isInstanceOf(InvalidFieldException.class)
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo(field))
                .hasMessageContaining(problem);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "chat:cluster@210987654321/eu-central-2 | chat",
            "billing@333333333333                   | billing",
            "orders:instance                        | orders"})
    void parse_whenTheItemIsAPlacedEntryOfStDatabases_namesThatDatabase(String item, String database) {
        Map<String, String> env = new HashMap<>(TestSettings.environment());
        env.put("ST_DATABASES", "orders:instance, chat:cluster@210987654321/eu-central-2, billing@333333333333");
        env.put("ST_MEMBER_ROLE_EXTERNAL_ID", "st-ops-external-7f3a9c");
        AwsSettings settings = AwsSettings.fromEnvironment(env);
        Map<String, Object> input = branch();
        input.put("database", item);

        assertThat(DatabaseBranch.parse(input, settings).database()).isEqualTo(new DatabaseId(database));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"chat:cluster", "chat:cluster@210987654321", "billing@210987654321", "billing@333333333333/eu-central-2"})
    void parse_whenTheItemPlacesItsDatabaseElsewhereThanStDatabases_refusesNamingTheDatabaseField(String item) {
        Map<String, String> env = new HashMap<>(TestSettings.environment());
        env.put("ST_DATABASES", "orders:instance, chat:cluster@210987654321/eu-central-2, billing@333333333333");
        env.put("ST_MEMBER_ROLE_EXTERNAL_ID", "st-ops-external-7f3a9c");
        Map<String, Object> input = branch();
        input.put("database", item);

        assertThatThrownBy(() -> DatabaseBranch.parse(input, AwsSettings.fromEnvironment(env))).isInstanceOf(InvalidFieldException.class)
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("database"))
                .hasMessageContaining("not in the account and region ST_DATABASES gives it");
    }

    @ParameterizedTest
    @CsvSource({"source, aws.rds, event.source", "region, eu-central-1, event.region", "account, 999999999999, event.account"})
    @SuppressWarnings("unchecked")
    void parse_whenTheEventIsNotOurSchedule_refusesNamingTheFieldUnderEvent(String key, String value, String field) {
        Map<String, Object> input = branch();
        ((Map<String, Object>) input.get("event")).put(key, value);

        assertThatThrownBy(() -> DatabaseBranch.parse(input, TestSettings.settings())).isInstanceOf(InvalidFieldException.class)
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo(field));
    }

    @ParameterizedTest
    @CsvSource({"database", "event"})
    void parse_whenAFieldIsMissing_refusesNamingIt(String field) {
        Map<String, Object> input = branch();
        input.remove(field);

        assertThatThrownBy(() -> DatabaseBranch.parse(input, TestSettings.settings())).isInstanceOf(InvalidFieldException.class)
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo(field))
                .hasMessageContaining("is missing");
    }

    static Map<String, Object> branch() {
        Map<String, Object> event = new HashMap<>(Map.of("version", "0", "id", "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
                "detail-type", "Scheduled Event", "source", "aws.events", "account", "123456789012", "time", "2026-03-01T06:00:00Z",
                "region", "eu-west-1", "resources", java.util.List.of(), "detail", Map.of()));
        return new HashMap<>(Map.of("database", "orders:instance", "event", event));
    }
}
