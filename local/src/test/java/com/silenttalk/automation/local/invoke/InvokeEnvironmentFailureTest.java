package com.silenttalk.automation.local.invoke;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.aws.testing.RdsApi;
import com.silenttalk.automation.local.cli.Opsctl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A function run for real by {@code opsctl invoke} that fails on its environment is exit 3 with the
 * function's own explanation, not an internal error (issue #14: the copier's "KMS key ... is not
 * accessible ... check the key policy" was exit 70). The function runs in a child JVM, as an operator
 * runs opsctl, because the AWS SDK takes its endpoint and keys from the process environment.
 */
class InvokeEnvironmentFailureTest {
    static final String DR_KEY = "arn:aws:kms:eu-central-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd";

    @TempDir
    Path work;
    RdsApi aws;

    @BeforeEach
    void start() {
        aws = new RdsApi();
        // the ledger (DynamoDB's JSON protocol on the same endpoint): claims succeed, nothing recorded yet
        aws.server().stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", containing("DynamoDB_20120810."))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0").withBody("{}")));
        aws.on("DescribeDBSnapshots", 404, RdsApi.snapshotNotFound("st-auto-orders-20260301t0600z"));
        aws.on("CopyDBSnapshot", 400, RdsApi.kmsNotAccessible(DR_KEY));
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void invoke_whenTheCopiersKmsKeyIsNotAccessible_exits3WithTheFunctionsExplanation() throws Exception {
        Map<String, String> env = new HashMap<>(InvokeCommandTest.functionEnvironment());
        env.put("ST_DR_KMS_KEY_ID", DR_KEY);
        env.put("AWS_ENDPOINT_URL", aws.endpoint());
        env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        String event = InvokeCommandTest.EVENTS.resolve("rds/db-snapshot-created.json").toString();

        Result result = opsctl(env, "invoke", "--cloud", "aws", "--function", "snapshot-copier", "--event", event);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        // under opsctl the function logs (JSON lines) to stderr as it would in Lambda; opsctl's own verdict is the last line
        List<String> lines = result.stderr().lines().toList();
        assertThat(lines.subList(0, lines.size() - 1)).as(result.toString()).allMatch(l -> l.startsWith("{"));
        assertThat(lines.get(lines.size() - 1)).as(result.toString())
                .startsWith("opsctl: environment: ")
                .contains("KMS key " + DR_KEY + " is not accessible in eu-central-1", "check the key policy");
        assertThat(result.stderr() + result.stdout()).as(result.toString())
                .doesNotContain("internal error", "wJalrXUtnFEMI", "\tat ", "Caused by:");
        assertThat(aws.server().findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=CopyDBSnapshot&")))).hasSize(1);
    }

    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    Result opsctl(Map<String, String> env, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Opsctl.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(work.resolve("stdout.txt").toFile()).redirectError(work.resolve("stderr.txt").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("OPSCTL_") || k.startsWith("AWS_") || k.startsWith("ST_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("opsctl finished").isTrue();
        return new Result(p.exitValue(), Files.readString(work.resolve("stdout.txt"), StandardCharsets.UTF_8),
                Files.readString(work.resolve("stderr.txt"), StandardCharsets.UTF_8));
    }
}
