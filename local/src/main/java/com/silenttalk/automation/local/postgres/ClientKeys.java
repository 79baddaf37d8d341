package com.silenttalk.automation.local.postgres;

import com.silenttalk.automation.core.InvalidFieldException;
import com.silenttalk.automation.local.EnvironmentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One client key for both clients: libpq reads a PEM key, the JDBC driver only a PKCS-8 DER
 * (or PKCS-12) file. A PEM key is converted once per process into a 0600 file in a 0700
 * directory that is deleted when the process ends.
 */
final class ClientKeys {
    private static final Map<Path, Path> CONVERTED = new ConcurrentHashMap<>();
    private static final String PKCS8 = "-----BEGIN PRIVATE KEY-----";

    private ClientKeys() {
    }

    static Path forJdbc(Path key) {
        String name = key.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pk8") || name.endsWith(".der") || name.endsWith(".p12") || name.endsWith(".pfx")) {
            return key;
        }
        return CONVERTED.computeIfAbsent(key.toAbsolutePath(), ClientKeys::convert);
    }

    private static Path convert(Path pem) {
        try {
            Path dir = Files.createTempDirectory("opsctl-key", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path der = dir.resolve("client.pk8");
            Files.createFile(der, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            der.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            String text = Files.readString(pem, StandardCharsets.US_ASCII);
            int begin = text.indexOf(PKCS8);
            if (begin >= 0) {
                int end = text.indexOf("-----END PRIVATE KEY-----", begin);
                if (end < 0) {
                    throw new InvalidFieldException("sslkey", pem + " is not a complete PEM key");
                }
                Files.write(der, Base64.getMimeDecoder().decode(text.substring(begin + PKCS8.length(), end)));
                return der;
            }
            // PKCS-1 (RSA) or SEC1 (EC): openssl, which libpq's users have anyway, rewrites it as PKCS-8.
            Process p = new ProcessBuilder(List.of("openssl", "pkcs8", "-topk8", "-nocrypt", "-in", pem.toString(),
                    "-outform", "DER", "-out", der.toString())).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new InvalidFieldException("sslkey", pem + " is not a key openssl can read: "
                        + out.lines().findFirst().orElse(""));
            }
            return der;
        } catch (IOException e) {
            throw new EnvironmentException("cannot prepare the client key " + pem + " for JDBC: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentException("converting the client key " + pem + " was interrupted", e);
        }
    }
}
