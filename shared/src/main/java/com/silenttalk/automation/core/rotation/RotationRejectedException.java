package com.silenttalk.automation.core.rotation;

import com.silenttalk.automation.core.InvalidFieldException;

/** An event or a secret that rotation must refuse before touching anything: bad input, not retried. */
public class RotationRejectedException extends InvalidFieldException {
    public RotationRejectedException(String field, String problem) {
        super(field, problem);
    }
}
