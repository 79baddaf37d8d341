import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A packaging step (run by {@code mvn package} after {@code azure-functions:package}, as a single-file source
 * program): rewrites the function app's {@code lib/*.jar} without jar-signature files. The Azure SDK's jars are
 * signed, so the JVM checks a digest of every class it loads from them and builds a signer-bearing code source for
 * each; the Functions host never looks at those signatures (the jars' integrity is Maven Central's checksums at
 * build time). The per-entry digest sections of the manifest go too, so the class loader does not parse them; the
 * main attributes (Multi-Release, Automatic-Module-Name, ...) stay. Unsigned jars are left as they are.
 * <p>Usage: java StripJarSignatures.java DIRECTORY
 */
public final class StripJarSignatures {
    /** What makes a jar signed: the signature file and its block (RSA, DSA, EC) under META-INF, and SIG-* files. */
    static final Pattern SIGNATURE = Pattern.compile("META-INF/([^/]+\\.(SF|RSA|DSA|EC)|SIG-[^/]*)", Pattern.CASE_INSENSITIVE);
    static final String MANIFEST = "META-INF/MANIFEST.MF";

    private StripJarSignatures() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1 || !Files.isDirectory(Path.of(args[0]))) {
            throw new IllegalArgumentException("usage: StripJarSignatures DIRECTORY (got " + String.join(" ", args) + ")");
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        List<String> stripped = new ArrayList<>();
        for (Path jar : jars) {
            if (strip(jar)) {
                stripped.add(jar.getFileName().toString());
            }
        }
        System.out.println("[StripJarSignatures] " + args[0] + ": signatures removed from " + stripped.size() + " of "
                + jars.size() + " jars " + stripped);
    }

    /** Rewrites {@code jar} without its signature when it has one; returns whether it did. */
    static boolean strip(Path jar) throws IOException {
        Path copy;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.stream().noneMatch(e -> SIGNATURE.matcher(e.getName()).matches())) {
                return false;
            }
            copy = Files.createTempFile(jar.getParent(), jar.getFileName().toString(), ".unsigned");
            try (OutputStream file = Files.newOutputStream(copy); ZipOutputStream out = new ZipOutputStream(file)) {
                for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                    ZipEntry entry = entries.nextElement();
                    if (SIGNATURE.matcher(entry.getName()).matches()) {
                        continue;
                    }
                    ZipEntry written = new ZipEntry(entry.getName());
                    written.setTime(entry.getTime());
                    out.putNextEntry(written);
                    try (InputStream in = zip.getInputStream(entry)) {
                        if (entry.getName().equalsIgnoreCase(MANIFEST)) {
                            Manifest manifest = new Manifest(in);
                            manifest.getEntries().clear(); // the per-entry digests only the signature used
                            manifest.write(out);
                        } else {
                            in.transferTo(out);
                        }
                    }
                    out.closeEntry();
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(copy);
                throw e;
            }
        }
        Files.move(copy, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }
}
