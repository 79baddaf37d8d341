package com.silenttalk.automation.local.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.silenttalk.automation.core.drill.DrillReport;
import com.silenttalk.automation.core.status.DatabaseStatus;
import com.silenttalk.automation.core.status.KnownSnapshot;
import com.silenttalk.automation.core.status.PlatformStatus;
import com.silenttalk.automation.core.status.Reason;
import com.silenttalk.automation.core.status.SafetyStatus;
import com.silenttalk.automation.local.LocalJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The status for machines ({@code --json}): verdicts as "SAFE" / "AT RISK" / "UNKNOWN", instants
 * in ISO-8601 UTC, durations in whole seconds.
 */
public final class StatusJson {
    private StatusJson() {
    }

    public static ObjectNode render(SafetyStatus status, String source) {
        ObjectNode root = LocalJson.MAPPER.createObjectNode();
        root.put("at", status.at().toString()).put("source", source).put("verdict", status.overall().label());
        ObjectNode targets = root.putObject("targets");
        seconds(targets, "rtoSeconds", status.policy().targets().rto());
        seconds(targets, "rpoSeconds", status.policy().targets().rpo());
        seconds(targets, "snapshotGraceSeconds", status.policy().snapshotGrace());
        seconds(targets, "drillMaxAgeSeconds", status.policy().drillMaxAge());
        seconds(targets, "rotationIntervalSeconds", status.policy().rotationInterval());
        ArrayNode databases = root.putArray("databases");
        for (DatabaseStatus d : status.databases()) {
            ObjectNode db = databases.addObject().put("database", d.database().value()).put("verdict", d.verdict().label());
            reasons(db.putArray("reasons"), d.reasons());
            ArrayNode regions = db.putArray("regions");
            for (DatabaseStatus.RegionStatus r : d.regions()) {
                ObjectNode region = regions.addObject().put("region", r.region()).put("copyRegion", r.copyRegion()).put("count", r.count());
                if (r.newest() != null) {
                    snapshot(region.putObject("newest"), r.newest());
                    seconds(region, "newestAgeSeconds", r.newestAge());
                    region.put("late", r.late());
                }
                if (r.newestVerified() != null) {
                    snapshot(region.putObject("newestVerified"), r.newestVerified());
                }
                if (r.immutable() == null) {
                    region.putNull("immutable");
                } else {
                    region.put("immutable", r.immutable());
                    instant(region, "immutableUntil", r.immutableUntil());
                }
            }
            if (d.lastDrill() != null) {
                drill(db.putObject("lastDrill"), d.lastDrill());
            }
            ArrayNode trend = db.putArray("trend");
            for (DatabaseStatus.DrillPoint t : d.trend()) {
                ObjectNode point = trend.addObject().put("runId", t.runId()).put("passed", t.passed());
                instant(point, "finishedAt", t.finishedAt());
                seconds(point, "rtoSeconds", t.rto());
                seconds(point, "rpoSeconds", t.rpo());
                point.put("sizeBytes", t.sizeBytes()).put("rows", t.rows());
            }
            if (d.protection() != null) {
                db.put("newestVerifiedCopy", d.protection().newestVerifiedCopy())
                        .put("newestVerifiedCopyDeletableBySuite", d.protection().newestVerifiedCopyDeletable())
                        .put("protectionFinding", d.protection().finding());
            }
        }
        PlatformStatus p = status.platform();
        ObjectNode platform = root.putObject("platform").put("verdict", p.verdict().label());
        reasons(platform.putArray("reasons"), p.reasons());
        ArrayNode secrets = platform.putArray("secrets");
        for (PlatformStatus.SecretStatus s : p.secrets()) {
            ObjectNode secret = secrets.addObject().put("secret", s.secret()).put("overdue", s.overdue());
            instant(secret, "lastRotatedAt", s.lastRotatedAt());
            instant(secret, "nextDueAt", s.nextDueAt());
            instant(secret, "lastFailureAt", s.lastFailureAt());
            if (s.lastFailure() != null) {
                secret.put("lastFailure", s.lastFailure());
            }
        }
        ArrayNode plans = platform.putArray("pendingPlans");
        for (PlatformStatus.PendingPlan plan : p.pendingPlans()) {
            ObjectNode node = plans.addObject().put("planId", plan.planId()).put("group", plan.group()).put("from", plan.from())
                    .put("to", plan.to());
            instant(node, "createdAt", plan.createdAt());
            instant(node, "expiresAt", plan.expiresAt());
        }
        ArrayNode failovers = platform.putArray("failovers");
        for (PlatformStatus.FailoverGroup g : p.failovers()) {
            ObjectNode node = failovers.addObject().put("group", g.group()).put("lastPlan", g.lastPlan());
            instant(node, "lastFailoverAt", g.lastFailoverAt());
            seconds(node, "cooldownLeftSeconds", g.cooldownLeft());
        }
        ArrayNode dead = platform.putArray("deadLetters");
        for (PlatformStatus.DeadLetter l : p.deadLetters()) {
            instant(dead.addObject().put("alert", l.alert()).put("state", l.state()).put("channels", l.channels()), "at", l.at());
        }
        return root;
    }

    private static void reasons(ArrayNode out, List<Reason> reasons) {
        for (Reason r : reasons) {
            out.addObject().put("area", r.area().label()).put("verdict", r.verdict().label()).put("text", r.text());
        }
    }

    private static void snapshot(ObjectNode node, KnownSnapshot s) {
        node.put("id", s.id().value()).put("region", s.region());
        instant(node, "takenAt", s.takenAt());
        if (s.isCopy()) {
            node.put("copiedFrom", s.copiedFrom()).put("checksum", s.checksum() == KnownSnapshot.Checksum.VERIFIED ? "verified" : "not-checked");
        }
        node.put("verification", s.verification().name());
    }

    private static void drill(ObjectNode node, DrillReport r) {
        node.put("runId", r.runId()).put("passed", r.passed()).put("snapshot", r.snapshotId()).put("region", r.drillRegion());
        instant(node, "startedAt", r.startedAt());
        instant(node, "finishedAt", r.finishedAt());
        seconds(node, "rtoSeconds", r.rto());
        seconds(node, "rpoSeconds", r.rpo());
        if (r.failure() != null) {
            node.put("failure", r.failure());
        }
    }

    private static void seconds(ObjectNode node, String field, Duration d) {
        if (d == null) {
            node.putNull(field);
        } else {
            node.put(field, d.toSeconds());
        }
    }

    private static void instant(ObjectNode node, String field, Instant at) {
        if (at == null) {
            node.putNull(field);
        } else {
            node.put(field, at.toString());
        }
    }
}
