package com.silenttalk.automation.local.failover;

import com.silenttalk.automation.core.failover.Signal;
import com.silenttalk.automation.core.failover.SignalKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns repeated yes/no probes into signals with "failing since" and a count of recent state changes. */
public final class SignalTracker {
    private record Track(SignalKind kind, boolean failing, Instant since, Deque<Instant> changes) {
    }

    private final Duration flapWindow;
    private final Map<String, Track> tracks = new LinkedHashMap<>();

    public SignalTracker(Duration flapWindow) {
        this.flapWindow = flapWindow;
    }

    public void observe(String name, SignalKind kind, boolean failing, Instant now) {
        Track t = tracks.get(name);
        if (t == null) {
            Deque<Instant> changes = new ArrayDeque<>();
            if (failing) {
                changes.add(now);
            }
            tracks.put(name, new Track(kind, failing, failing ? now : null, changes));
            return;
        }
        if (t.failing() != failing) {
            t.changes().add(now);
            tracks.put(name, new Track(kind, failing, failing ? now : null, t.changes()));
        }
        while (!t.changes().isEmpty() && t.changes().peekFirst().isBefore(now.minus(flapWindow))) {
            t.changes().pollFirst();
        }
    }

    public List<Signal> signals() {
        return tracks.entrySet().stream()
                .map(e -> new Signal(e.getKey(), e.getValue().kind(), e.getValue().failing(), e.getValue().since(),
                        e.getValue().changes().size()))
                .toList();
    }
}
