package com.silenttalk.automation.alerting.channels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON of what reaches a function from outside and of what it says back: the AWS and Azure functions' readers of
 * events and HTTP bodies and writers of log lines, planned calls and answers ({@code aws.runtime.Json},
 * {@code azure.runtime.Json}). The core records' configuration ({@link CoreRecordJson#builder}) with unknown properties
 * refused, as input from outside must be: a misspelt field is an error naming it, not a silent default.
 */
public final class StrictJson {
    public static final ObjectMapper MAPPER = CoreRecordJson.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private StrictJson() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
