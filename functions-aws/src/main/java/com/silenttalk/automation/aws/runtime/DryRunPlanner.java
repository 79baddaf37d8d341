package com.silenttalk.automation.aws.runtime;

import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.dryrun.PlannedCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * What a dry-run's SDK clients talk to instead of AWS ({@link AwsClients#planning}): every call is recorded as a
 * {@link PlannedCall} (service, region, operation, the request's parameters, with whatever the SDK itself marks
 * sensitive redacted) and answered locally with an empty success of the service's protocol. No socket is opened,
 * no credential source is asked. A function's {@code plan()} lists the writes it would make; reads it makes to
 * decide (a gate's stored state, deployment markers) arrive here and are answered empty, so the plan judges as if
 * nothing were stored. A write reaching a planner is a plan() that makes its own calls: it is recorded all the same
 * (an answer the SDK checks against the request, such as SQS's MD5 of the body, fails).
 */
public final class DryRunPlanner extends PlannedCalls {
    static final String REDACTED = "*** Sensitive Data Redacted ***";
    /** How the AWS functions' plans name a call's parts: the SDK's words. */
    public static final PlannedCall.Wording WORDING = new PlannedCall.Wording("service", "operation", "region", "parameters");

    /** One planned call as the JSON line opsctl prints. */
    public static String line(PlannedCall call) {
        return Json.write(call.fields(WORDING));
    }

    ExecutionInterceptor interceptor() {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
                String region = Optional.ofNullable(attributes.getAttribute(AwsExecutionAttribute.AWS_REGION))
                        .map(r -> r.id()).orElse("unknown");
                record(new PlannedCall(service.toLowerCase(Locale.ROOT), attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                        region, parameters(context.request())));
            }
        };
    }

    SdkHttpClient httpClient() {
        return new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() throws IOException {
                        return emptySuccess(request);
                    }

                    @Override
                    public void abort() {
                    }
                };
            }

            @Override
            public String clientName() {
                return "DryRunPlanner";
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * An empty result in the request's protocol: JSON services ({@code X-Amz-Target}) get {@code {}}; Query services
     * (RDS, SNS, ElastiCache) {@code <ActionResponse><ActionResult/></ActionResponse>}; REST-XML ones (S3, Route 53) an
     * empty document.
     */
    static HttpExecuteResponse emptySuccess(HttpExecuteRequest request) throws IOException {
        SdkHttpRequest http = request.httpRequest();
        String contentType;
        String body;
        if (http.firstMatchingHeader("X-Amz-Target").isPresent()) {
            contentType = "application/x-amz-json-1.0";
            body = "{}";
        } else {
            Optional<String> action = queryAction(request);
            contentType = "text/xml";
            body = action.map(a -> "<" + a + "Response><" + a + "Result/><ResponseMetadata><RequestId>dry-run</RequestId>"
                            + "</ResponseMetadata></" + a + "Response>")
                    .orElse("<?xml version=\"1.0\" encoding=\"UTF-8\"?><DryRun/>");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder().statusCode(200)
                        .putHeader("Content-Type", contentType)
                        .putHeader("Content-Length", Integer.toString(bytes.length))
                        .putHeader("x-amzn-RequestId", "dry-run")
                        .build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                .build();
    }

    private static Optional<String> queryAction(HttpExecuteRequest request) throws IOException {
        if (request.contentStreamProvider().isEmpty()) {
            return Optional.empty();
        }
        String form;
        try (InputStream in = request.contentStreamProvider().get().newStream()) {
            form = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        }
        for (String pair : form.split("&")) {
            if (pair.startsWith("Action=")) {
                return Optional.of(URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** The request's set members by name; a member the model's own toString redacts is redacted here too. */
    static Map<String, Object> parameters(SdkPojo pojo) {
        String shown = pojo.toString();
        Map<String, Object> out = new LinkedHashMap<>();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            if (value == null || value instanceof Collection<?> c && c.isEmpty() || value instanceof Map<?, ?> m && m.isEmpty()) {
                continue;
            }
            out.put(field.memberName(), shown.contains(field.memberName() + "=" + REDACTED) ? REDACTED : plain(value));
        }
        return out;
    }

    private static Object plain(Object value) {
        if (value instanceof SdkPojo pojo) {
            return parameters(pojo);
        }
        if (value instanceof Collection<?> items) {
            List<Object> out = new ArrayList<>();
            items.forEach(item -> out.add(plain(item)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (value instanceof SdkBytes bytes) {
            return "<" + bytes.asByteArrayUnsafe().length + " bytes>";
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value;
        }
        if (value instanceof Instant || value instanceof Number) {
            return value.toString();
        }
        return String.valueOf(value);
    }
}
