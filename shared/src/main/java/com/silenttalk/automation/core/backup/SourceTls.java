package com.silenttalk.automation.core.backup;

import java.util.Objects;

/**
 * How the snapshot's data travelled from the source: what {@code pg_stat_ssl} said of the
 * connection that read the snapshot, and whether the client checked the server's certificate.
 *
 * @param sslMode             the client's sslmode (libpq's names)
 * @param certificateVerified true when the chain was checked against a root certificate (verify-ca, verify-full)
 */
public record SourceTls(boolean encrypted, String version, String cipher, String sslMode, boolean certificateVerified) {
    public SourceTls {
        Objects.requireNonNull(sslMode, "sslMode");
        if (!encrypted && certificateVerified) {
            throw new IllegalArgumentException("a plaintext connection verifies no certificate");
        }
    }

    public static SourceTls plaintext(String sslMode) {
        return new SourceTls(false, null, null, sslMode, false);
    }

    /** {@code TLSv1.3 TLS_AES_256_GCM_SHA384, server certificate verified (sslmode verify-full)} */
    public String describe() {
        if (!encrypted) {
            return "not encrypted (sslmode " + sslMode + ")";
        }
        return version + " " + cipher + ", server certificate " + (certificateVerified ? "verified" : "NOT verified")
                + " (sslmode " + sslMode + ")";
    }
}
