package com.silenttalk.automation.azure.runtime;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.silenttalk.automation.core.dryrun.PlannedCall;
import com.silenttalk.automation.core.dryrun.PlannedCalls;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a dry-run's Azure clients talk to instead of Azure ({@link AzureClients#planning}): every request of the
 * pipelines (ARM, Blob, Table, Key Vault, Azure Monitor) is recorded as a {@link PlannedCall} (the URL without its
 * query, which may be a SAS) and answered locally with an empty {@code 200}; the credential hands out a throwaway
 * token, so no identity endpoint is asked either. No socket is opened.
 */
public final class DryRunPlanner extends PlannedCalls {
    /** How the Azure functions' plans name a call's parts: the REST API's words. */
    public static final PlannedCall.Wording WORDING = new PlannedCall.Wording("plane", "method", "target", "body");

    /** One planned call as the JSON line opsctl prints. */
    public static String line(PlannedCall call) {
        return Json.write(call.fields(WORDING));
    }

    HttpClient httpClient() {
        return request -> {
            URL url = request.getUrl();
            record(new PlannedCall(plane(url.getHost()), request.getHttpMethod().name(),
                    url.getProtocol() + "://" + url.getAuthority() + url.getPath(), Map.of()));
            return Mono.just(new EmptyResponse(request));
        };
    }

    static TokenCredential credential() {
        return request -> Mono.just(new AccessToken("dry-run", OffsetDateTime.now().plusHours(1)));
    }

    /** The plane a host serves, named as the functions' own plans name it. */
    static String plane(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("management.")) {
            return "arm";
        }
        for (String plane : List.of("blob", "table", "vault", "monitoring")) {
            if (h.contains("." + plane + ".")) {
                return switch (plane) {
                    case "vault" -> "keyvault";
                    case "monitoring" -> "metrics";
                    default -> plane;
                };
            }
        }
        return h;
    }

    private static final class EmptyResponse extends HttpResponse {
        private final HttpHeaders headers = new HttpHeaders().set(HttpHeaderName.CONTENT_LENGTH, "0");

        EmptyResponse(HttpRequest request) {
            super(request);
        }

        @Override
        public int getStatusCode() {
            return 200;
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            return headers.getValue(HttpHeaderName.fromString(name));
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return Flux.empty();
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return Mono.just(new byte[0]);
        }

        @Override
        public Mono<String> getBodyAsString() {
            return Mono.just("");
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return Mono.just("");
        }
    }
}
