package com.silenttalk.automation.aws.testing;

import com.silenttalk.automation.aws.runtime.LineLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Captures what a handler logs. */
public final class Lines {
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    public LineLog log(String function) {
        return new LineLog(function, lines::add);
    }

    public List<String> all() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
