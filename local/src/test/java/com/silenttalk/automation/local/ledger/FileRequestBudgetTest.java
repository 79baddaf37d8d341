package com.silenttalk.automation.local.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.silenttalk.automation.core.ledger.RequestBucket;
import com.silenttalk.automation.core.ledger.RequestBudget;
import com.silenttalk.automation.core.ledger.RequestBudgetContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request budget contract on the file budget (two handles on one directory), plus two processes racing on it. */
class FileRequestBudgetTest extends RequestBudgetContract {
    @TempDir
    Path dir;

    @Override
    protected RequestBudget budget() {
        return new FileRequestBudget(dir.resolve("budget"), RATE);
    }

    @Override
    protected RequestBudget sameStoreElsewhere() {
        return new FileRequestBudget(dir.resolve("budget"), RATE);
    }

    @Test
    void reserve_whenBucketIsUsed_keepsOnePrivateFileNamedForIt() throws Exception {
        budget().reserve(RequestBucket.rds("123456789012", "eu-west-1"), T0);

        Path file = dir.resolve("budget/rds_123456789012_eu-west-1.budget");
        assertThat(Files.readString(file)).isEqualTo(T0.plus(RATE.interval()).toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void reserve_whenAnotherProcessReservesAtTheSameTime_theSlotsOfBothStaySpaced() throws Exception {
        int each = 2000;
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FileRequestBudgetChild.class.getName(),
                dir.resolve("budget").toString(), T0.toString(), Integer.toString(each))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        var fromChild = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()));
        assertThat(fromChild.readLine()).isEqualTo("ready");
        RequestBudget mine = budget();
        child.getOutputStream().write("go\n".getBytes());
        child.getOutputStream().flush();
        java.util.Map<Instant, String> owner = new java.util.TreeMap<>();
        List<Instant> slots = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            Instant slot = mine.reserve(FileRequestBudgetChild.BUCKET, T0);
            slots.add(slot);
            owner.put(slot, "parent");
        }
        fromChild.lines().map(line -> Instant.parse(line.trim())).forEach(slot -> {
            slots.add(slot);
            owner.put(slot, "child");
        });
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();

        // the two really raced: their slots interleave (else this test would prove nothing about the OS lock)
        List<String> owners = new ArrayList<>(owner.values());
        long switches = java.util.stream.IntStream.range(1, owners.size()).filter(i -> !owners.get(i).equals(owners.get(i - 1))).count();
        assertThat(switches).as("parent/child alternations in slot order").isGreaterThanOrEqualTo(10);
        slots.sort(null);
        assertThat(slots).hasSize(2 * each).doesNotHaveDuplicates();
        for (int i = 1; i < slots.size(); i++) {
            assertThat(Duration.between(slots.get(i - 1), slots.get(i))).isGreaterThanOrEqualTo(RATE.interval());
        }
    }
}
