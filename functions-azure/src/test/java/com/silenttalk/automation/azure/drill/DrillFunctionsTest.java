package com.silenttalk.automation.azure.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.silenttalk.automation.azure.runtime.DurableSteps;
import com.silenttalk.automation.azure.runtime.Json;
import com.silenttalk.automation.azure.testing.DurableReplay;
import com.silenttalk.automation.azure.testing.Events;
import com.silenttalk.automation.azure.testing.RecordingDurableClient;
import com.silenttalk.automation.azure.testing.TestExecutionContext;
import com.silenttalk.automation.azure.testing.TestHttpRequest;
import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.InMemoryReplicator;
import com.silenttalk.automation.core.backup.InMemorySnapshotStore;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.drill.DrillRequest;
import com.silenttalk.automation.core.drill.DrillState;
import com.silenttalk.automation.core.drill.DrillStep;
import com.silenttalk.automation.core.drill.DrillTargets;
import com.silenttalk.automation.core.drill.DrillWorkflow;
import com.silenttalk.automation.core.drill.FakeInspector;
import com.silenttalk.automation.core.drill.FakeRestorer;
import com.silenttalk.automation.core.ledger.InMemoryRunLedger;
import com.silenttalk.automation.core.workflow.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DrillFunctionsTest {
    static final Instant NOW = Instant.parse("2026-03-01T07:00:00Z");
    static final DatabaseId ORDERS = new DatabaseId("orders");

    ManualClock clock;
    FakeRestorer restorer;
    List<DrillReport> reports;
    List<DrillReport> measured = new ArrayList<>();
    DrillFunctions functions;
    RecordingDurableClient durable;

    @BeforeEach
    void wire() {
        clock = new ManualClock(NOW);
        InMemorySnapshotStore primary = new InMemorySnapshotStore("westeurope");
        InMemorySnapshotStore paired = new InMemorySnapshotStore("northeurope");
        restorer = new FakeRestorer().pendingRestores(2, Duration.ofMinutes(5));
        DrillWorkflow workflow = new DrillWorkflow(primary, paired, new InMemoryReplicator(primary, paired), restorer,
                new FakeInspector(FakeInspector.healthy("fingerprint-0", Map.of())), new InMemoryRunLedger(), clock);
        reports = new ArrayList<>();
        DrillWiring wiring = new DrillWiring(List.of(ORDERS), workflow,
                db -> new DrillRequest(db, Duration.ofHours(6), "northeurope", DrillTargets.DEFAULT, List.of(), false),
                report -> {
                    reports.add(report);
                    return "memory:reports/" + report.runId() + ".json";
                }, report -> {
                    measured.add(report);
                    return "metrics=published";
                }, clock);
        functions = new DrillFunctions(() -> wiring);
        durable = new RecordingDurableClient();
    }

    @Test
    void httpStart_whenBodyIsGood_schedulesTheOrchestrationAndAnswers202() {
        TestExecutionContext context = new TestExecutionContext("DrillHttpStart");

        HttpResponseMessage response = functions.httpStart(new TestHttpRequest("https://st-ops.azurewebsites.net/api/drills",
                Events.load("http/drill-start.json")), durable.context(), context);

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(durable.scheduled()).singleElement().satisfies(s -> {
            assertThat(s.orchestration()).isEqualTo(DrillFunctions.ORCHESTRATION);
            assertThat(s.instanceId()).isEqualTo("pre-upgrade-1");
            assertThat(Json.read((String) s.input(), DrillStart.class)).isEqualTo(new DrillStart("pre-upgrade-1", ORDERS));
        });
        assertThat(context.lines()).singleElement().asString().contains("drill-http-start run=pre-upgrade-1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http/drill-start-unknown-database.json | database",
            "http/drill-start-unknown-field.json    | region"})
    void httpStart_whenBodyIsBad_answers400NamingTheFieldAndStartsNothing(String fixture, String field) {
        TestExecutionContext context = new TestExecutionContext("DrillHttpStart");

        HttpResponseMessage response = functions.httpStart(new TestHttpRequest("https://st-ops.azurewebsites.net/api/drills",
                Events.load(fixture)), durable.context(), context);

        assertThat(response.getStatusCode()).isEqualTo(400);
        JsonNode body = Json.tree((String) response.getBody(), "body");
        assertThat(body.path("field").asText()).isEqualTo(field);
        assertThat(durable.scheduled()).isEmpty();
        assertThat(context.lines()).singleElement().asString().startsWith("WARNING drill-http-start rejected: " + field);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                                    | body",
            "'[1,2]'                               | body",
            "'{\"database\": 7}'                   | database",
            "'{\"database\": \"orders\", \"runId\": \"Has Spaces\"}' | runId"})
    void httpStart_whenBodyIsMalformed_answers400NamingTheField(String body, String field) {
        HttpResponseMessage response = functions.httpStart(new TestHttpRequest("https://st-ops.azurewebsites.net/api/drills",
                body), durable.context(), new TestExecutionContext("DrillHttpStart"));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(Json.tree((String) response.getBody(), "body").path("field").asText()).isEqualTo(field);
        assertThat(durable.scheduled()).isEmpty();
    }

    @Test
    void begin_whenGivenTheActivityInput_claimsTheRunAndReturnsTheFirstState() throws Exception {
        String input = Json.MAPPER.readValue(Events.load("durable/drill-begin-input.json"), String.class);

        DrillState state = Json.read(functions.begin(input, new TestExecutionContext(DrillFunctions.START_ACTIVITY)),
                DrillState.class);

        assertThat(state.runId()).isEqualTo("pre-upgrade-1");
        assertThat(state.step()).isEqualTo(DrillStep.SNAPSHOT);
        assertThat(state.request().database()).isEqualTo(ORDERS);
    }

    @Test
    void orchestration_whenRunThroughTheActivities_waitsOnDurableTimersAndEndsWithAReport() {
        List<Duration> timers = new ArrayList<>();
        DurableSteps steps = new DurableSteps() {
            @Override
            public String call(String activity, String input) {
                TestExecutionContext context = new TestExecutionContext(activity);
                return switch (activity) {
                    case DrillFunctions.START_ACTIVITY -> functions.begin(input, context);
                    case DrillFunctions.ADVANCE_ACTIVITY -> functions.advance(input, context);
                    default -> throw new IllegalArgumentException("no activity " + activity);
                };
            }

            @Override
            public void waitFor(Duration duration) {
                timers.add(duration);
                clock.advance(duration);
            }
        };

        String summary = DrillFunctions.run(Json.write(new DrillStart("run-1", ORDERS)), steps);

        assertThat(summary).startsWith("drill run-1 passed");
        assertThat(timers).containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(5));
        assertThat(reports).singleElement().satisfies(r -> assertThat(r.passed()).isTrue());
        assertThat(measured).as("the finished drill's metrics are sent once").containsExactlyElementsOf(reports);
        assertThat(restorer.liveInstances()).isEmpty();
    }

    @Test
    void orchestrate_whenReplayedByTheDurableRunnerEveryEpisode_isDeterministicAndEndsWithTheReport() {
        DurableReplay host = new DurableReplay(NOW);

        DurableReplay.Outcome outcome = host.run(DrillFunctions.ORCHESTRATION, "run-1",
                Json.write(new DrillStart("run-1", ORDERS)), functions::orchestrate, (activity, input) -> {
                    TestExecutionContext context = new TestExecutionContext(activity);
                    return switch (activity) {
                        case DrillFunctions.START_ACTIVITY -> functions.begin(input, context);
                        case DrillFunctions.ADVANCE_ACTIVITY -> functions.advance(input, context);
                        default -> throw new IllegalArgumentException("no activity " + activity);
                    };
                }, fired -> clock.advance(Duration.between(clock.instant(), fired)));

        assertThat(outcome.failureMessage()).isNull();
        assertThat(outcome.status()).isEqualTo("ORCHESTRATION_STATUS_COMPLETED");
        assertThat(outcome.result()).startsWith("drill run-1 passed");
        // each activity ran once although the orchestrator was replayed from the start in every episode
        assertThat(outcome.activities()).first().isEqualTo(DrillFunctions.START_ACTIVITY);
        assertThat(outcome.activities()).as(outcome.toString()).hasSize(outcome.episodes() - 1 - outcome.timers().size());
        assertThat(outcome.timers()).as(outcome.toString()).containsExactly(NOW.plus(Duration.ofMinutes(5)),
                NOW.plus(Duration.ofMinutes(10)).plusMillis(250));
        assertThat(reports).singleElement().satisfies(r -> assertThat(r.passed()).isTrue());
        assertThat(restorer.liveInstances()).isEmpty();
    }

    @Test
    void durableReplay_whenAnOrchestratorChoosesItsActivityOutsideTheHistory_isReportedNonDeterministic() {
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        // what the drill orchestrator must never do: decide from state that is not in the history
        com.microsoft.durabletask.OrchestratorFunction<String> flaky = ctx -> {
            String first = ctx.callActivity(runs.getAndIncrement() == 0 ? "A" : "B", "x", String.class).await();
            return ctx.callActivity("C", first, String.class).await();
        };

        assertThatThrownBy(() -> new DurableReplay(NOW).run("Flaky", "flaky-1", "{}", flaky,
                (activity, input) -> activity + "-done", fired -> { }))
                .isInstanceOf(DurableReplay.NonDeterministicReplayException.class)
                .hasMessageContaining("the history has 'activity A x' but the replay made 'activity B x'");
    }

    @Test
    void monthlyStart_whenTimerFires_startsOneDrillPerDatabaseNamedForTheMonth() {
        functions.monthlyStart(Events.load("timer/six-hourly.json"), durable.context(),
                new TestExecutionContext("DrillMonthlyStart"));

        assertThat(durable.scheduled()).extracting(RecordingDurableClient.Scheduled::instanceId)
                .containsExactly("monthly-orders-202603");
    }

    @Test
    void monthlyStart_whenTimerInfoIsMalformed_namesTheFieldAndStartsNothing() {
        assertThatThrownBy(() -> functions.monthlyStart(Events.load("timer/malformed.json"), durable.context(),
                new TestExecutionContext("DrillMonthlyStart")))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("timerInfo.IsPastDue"));
        assertThat(durable.scheduled()).isEmpty();
    }
}
