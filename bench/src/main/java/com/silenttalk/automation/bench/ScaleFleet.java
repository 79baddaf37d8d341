package com.silenttalk.automation.bench;

import com.silenttalk.automation.core.ledger.RequestBucket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The databases of the scale simulation: spread over accounts unevenly (a few large platform accounts, many small
 * ones, weights 1/(k+1)^0.8), 70 % of each account's in the first region and the rest in the second; each is
 * copied to the other region. Census and snapshot durations are drawn per database from a seeded generator, so
 * the simulated and the real-time runs see the same fleet.
 */
record ScaleFleet(List<Database> databases) {
    record Database(String id, String account, String region, String drRegion, Duration census, Duration snapshot) {
        RequestBucket bucket() {
            return RequestBucket.rds(account, region);
        }

        RequestBucket drBucket() {
            return RequestBucket.rds(account, drRegion);
        }
    }

    /** How long a census and a snapshot take: lognormal around a median, a share of censuses hanging until the deadline. */
    record Durations(Duration censusMedian, double hangingShare, Duration censusDeadline, Duration snapshotMedian,
                     Duration snapshotMin, Duration snapshotMax) {
    }

    static ScaleFleet generate(int count, int accounts, List<String> regions, Durations durations, long seed) {
        Random random = new Random(seed);
        double[] weights = new double[accounts];
        double total = 0;
        for (int k = 0; k < accounts; k++) {
            weights[k] = 1 / Math.pow(k + 1, 0.8);
            total += weights[k];
        }
        int[] perAccount = new int[accounts];
        int given = 0;
        for (int k = 0; k < accounts; k++) {
            perAccount[k] = Math.max(1, (int) Math.floor(count * weights[k] / total));
            given += perAccount[k];
        }
        for (int k = 0; given < count; k = (k + 1) % accounts, given++) {
            perAccount[k]++;
        }
        List<Database> databases = new ArrayList<>();
        for (int k = 0; k < accounts; k++) {
            String account = String.format("%012d", 100_000_000_000L + 1_111_111L * k);
            for (int i = 0; i < perAccount[k]; i++) {
                boolean first = regions.size() == 1 || i < Math.round(perAccount[k] * 0.7);
                String region = first ? regions.get(0) : regions.get(1);
                String dr = regions.size() == 1 ? regions.get(0) : first ? regions.get(1) : regions.get(0);
                Duration census = random.nextDouble() < durations.hangingShare() ? durations.censusDeadline()
                        : logNormal(random, durations.censusMedian(), 0.5, Duration.ofMillis(200), durations.censusDeadline());
                Duration snapshot = logNormal(random, durations.snapshotMedian(), 0.6, durations.snapshotMin(), durations.snapshotMax());
                databases.add(new Database("db-" + k + "-" + i, account, region, dr, census, snapshot));
            }
        }
        return new ScaleFleet(List.copyOf(databases));
    }

    static Duration logNormal(Random random, Duration median, double sigma, Duration min, Duration max) {
        if (median.equals(min) && median.equals(max)) {
            return median;
        }
        long nanos = (long) (median.toNanos() * Math.exp(sigma * random.nextGaussian()));
        return Duration.ofNanos(Math.max(min.toNanos(), Math.min(max.toNanos(), nanos)));
    }

    /**
     * The Map's items round-robin over account+region (what ListTargets returns): in account order the Map's
     * concurrent iterations would all queue on one bucket's 10 requests/s while the other buckets sit idle.
     */
    ScaleFleet interleavedByBucket() {
        java.util.Map<RequestBucket, java.util.Deque<Database>> byBucket = new java.util.LinkedHashMap<>();
        databases.forEach(d -> byBucket.computeIfAbsent(d.bucket(), b -> new java.util.ArrayDeque<>()).add(d));
        List<Database> order = new ArrayList<>();
        while (order.size() < databases.size()) {
            byBucket.values().forEach(q -> {
                if (!q.isEmpty()) {
                    order.add(q.poll());
                }
            });
        }
        return new ScaleFleet(List.copyOf(order));
    }

    long buckets() {
        return databases.stream().flatMap(d -> java.util.stream.Stream.of(d.bucket(), d.drBucket())).distinct().count();
    }

    int largestBucket() {
        return databases.stream().collect(java.util.stream.Collectors.groupingBy(Database::bucket, java.util.stream.Collectors.counting()))
                .values().stream().mapToInt(Long::intValue).max().orElse(0);
    }
}
