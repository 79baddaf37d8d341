package com.silenttalk.automation.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the tests find the repository, the npm-installed validators and the ARM schemas. */
public final class RepositoryLayout {

    private RepositoryLayout() {
    }

    /** The repository root: surefire passes it in; from an IDE we walk up to the folder holding infra/. */
    public static Path repoRoot() {
        String configured = System.getProperty("silenttalk.repoRoot");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("infra")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the repository root (a folder with pom.xml and infra/) above "
                + Paths.get("").toAbsolutePath());
    }

    public static Path infraDir() {
        return repoRoot().resolve("infra");
    }

    /** The CloudFormation resource specification; a missing install is a failure, not a skip. */
    public static Path cloudFormationSpecification() {
        return cloudFormationSpecification(repoRoot());
    }

    static Path cloudFormationSpecification(Path root) {
        Path spec = root.resolve("test-servers/node_modules/@aws-cdk/cfnspec/spec/specification.json");
        if (!Files.isRegularFile(spec)) {
            throw new AssertionError("CloudFormation specification not found at " + spec
                    + ": run scripts/install-test-deps.sh (it runs npm ci in test-servers/)");
        }
        return spec;
    }

    /** The ARM schema snapshot: ../shared/arm-schemas beside the clone, else $ARM_SCHEMAS_DIR. */
    public static Path armSchemas() {
        Path beside = repoRoot().resolve("../shared/arm-schemas").normalize();
        if (Files.isRegularFile(beside.resolve("2019-04-01/deploymentTemplate.json"))) {
            return beside;
        }
        String env = System.getenv("ARM_SCHEMAS_DIR");
        if (env != null && !env.isBlank()
                && Files.isRegularFile(Paths.get(env).resolve("2019-04-01/deploymentTemplate.json"))) {
            return Paths.get(env).toAbsolutePath().normalize();
        }
        throw new AssertionError("ARM template schemas not found at " + beside
                + " (nor in $ARM_SCHEMAS_DIR): clone the shared folder beside the repository or set ARM_SCHEMAS_DIR");
    }
}
