package com.silenttalk.automation.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaCodeUnitAccess;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.Optional;

/**
 * The module rules of ARCHITECTURE.md, written once and checked by every module's own
 * ArchitectureTest over its main classes: no package cycles, the runtime package at the
 * bottom, entry points that leave construction to the wirings, no dependency on a module
 * above, no junk-drawer packages.
 */
public final class ModuleRules {
    public static final String PRODUCT = "com.silenttalk.automation";

    /** The slice of the classes in a module's root package itself, in cycle reports. */
    public static final String ROOT_SLICE = "(root package)";

    /** Classes declaring an Azure function (a method annotated {@code @FunctionName}). */
    public static final DescribedPredicate<JavaClass> AZURE_FUNCTIONS = DescribedPredicate.describe("declare an Azure function",
            c -> c.getMethods().stream().anyMatch(m -> m.isAnnotatedWith("com.microsoft.azure.functions.annotation.FunctionName")));

    /** Lambda handlers (the two handler interfaces of aws-lambda-java-core). */
    public static final DescribedPredicate<JavaClass> LAMBDA_HANDLERS = DescribedPredicate.describe("are Lambda handlers",
            c -> c.isAssignableTo("com.amazonaws.services.lambda.runtime.RequestHandler")
                    || c.isAssignableTo("com.amazonaws.services.lambda.runtime.RequestStreamHandler"));

    private ModuleRules() {
    }

    /** A module's main classes (no tests, no jars) under its root package. */
    public static JavaClasses mainClasses(String rootPackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(rootPackage);
    }

    /**
     * The root package and each package right under it (a capability, the runtime, ...) form no cycle. The root package
     * is a slice of its own ({@value #ROOT_SLICE}): a class there that a capability uses may not use that capability.
     */
    public static ArchRule noPackageCycles(String rootPackage) {
        return slices().assignedFrom(packagesUnder(rootPackage)).namingSlices("$1")
                .should().beFreeOfCycles()
                .because("a package cycle makes two capabilities one; a piece both need gets a package named for what it is");
    }

    private static SliceAssignment packagesUnder(String rootPackage) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String name = c.getPackageName();
                if (name.equals(rootPackage)) {
                    return SliceIdentifier.of(ROOT_SLICE);
                }
                if (!name.startsWith(rootPackage + ".")) {
                    return SliceIdentifier.ignore();
                }
                String below = name.substring(rootPackage.length() + 1);
                int dot = below.indexOf('.');
                return SliceIdentifier.of(dot < 0 ? below : below.substring(0, dot));
            }

            @Override
            public String getDescription() {
                return rootPackage + " and the packages right under it";
            }
        };
    }

    /** The runtime package (clients, settings, the entry-point skeleton) depends on no other package of its module. */
    public static ArchRule runtimeIsTheBottom(String rootPackage) {
        String runtime = rootPackage + ".runtime..";
        return noClasses().that().resideInAPackage(runtime)
                .should().dependOnClassesThat(DescribedPredicate.describe("reside in another package of " + rootPackage,
                        c -> c.getPackageName().startsWith(rootPackage + ".") && !c.getPackageName().startsWith(rootPackage + ".runtime")))
                .because("the runtime is the lowest layer of a runner: capabilities use it, never the other way");
    }

    /**
     * Entry points (and the classes nested in them) call no constructor of a collaborator: a class of the product
     * that is not a record, an enum or an exception (a use case, an adapter, a client's wrapper). Wirings build those.
     * A static factory of a collaborator is construction too ({@code Store.of(...)}, {@code X.from(...)},
     * {@code X.create()}: a static method of a collaborator class that returns a collaborator), and so is a constructor
     * or factory passed as a method reference ({@code Store::new}, {@code Store::of}). A wiring's own factories
     * ({@code DrillWiring.of(...)}) are how an entry point gets its composition, so they are not construction.
     * The runner's own runtime package is the skeleton its entry points are written on (the step loop, the event
     * skeleton): using it is what an entry point does. Another runner's runtime is not (opsctl building the AWS
     * functions' clients and wiring is composition, which its wiring does).
     */
    public static ArchRule entryPointsConstructNoCollaborators(DescribedPredicate<JavaClass> entryPoints) {
        return entryPointsConstructNoCollaborators(entryPoints, DescribedPredicate.describe("nothing else", c -> false));
    }

    /**
     * As {@link #entryPointsConstructNoCollaborators(DescribedPredicate)}, where the entry points may also construct
     * {@code parts} (what the entry-point framework makes them hold, such as a command line's option groups).
     */
    public static ArchRule entryPointsConstructNoCollaborators(DescribedPredicate<JavaClass> entryPoints,
                                                               DescribedPredicate<JavaClass> parts) {
        DescribedPredicate<JavaClass> inEntryPoint = DescribedPredicate.describe(entryPoints.getDescription()
                + " (or are nested in one)", c -> entryPoints.test(topLevel(c)));
        return noClasses().that(inEntryPoint).should(constructCollaborators(parts))
                .because("an entry point parses, calls one use case, renders and logs; its wiring builds what the use case needs");
    }

    private static ArchCondition<JavaClass> constructCollaborators(DescribedPredicate<JavaClass> parts) {
        return new ArchCondition<>("construct a collaborator of a use case") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                List<JavaCodeUnitAccess<?>> constructions = new ArrayList<>();
                constructions.addAll(origin.getConstructorCallsFromSelf());
                constructions.addAll(origin.getConstructorReferencesFromSelf());
                origin.getMethodCallsFromSelf().stream().filter(call -> isStaticFactory(origin, call)).forEach(constructions::add);
                origin.getMethodReferencesFromSelf().stream().filter(ref -> isStaticFactory(origin, ref)).forEach(constructions::add);
                for (JavaAccess<?> access : constructions) {
                    JavaClass target = access.getTargetOwner();
                    if (isCollaborator(origin, target) && !parts.test(target) && !topLevel(target).equals(topLevel(origin))) {
                        events.add(SimpleConditionEvent.satisfied(access, access.getDescription()));
                    }
                }
            }
        };
    }

    /**
     * What a construction rule finds, one "origin class -> owner.member" a site (line numbers left out), for a module
     * that holds known sites in another slice's files at a ceiling: the set may shrink, never grow.
     */
    public static Set<String> constructionSites(ArchRule rule, JavaClasses classes) {
        return rule.evaluate(classes).getFailureReport().getDetails().stream().map(ModuleRules::site)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** "Method <a.b.Origin.m(..)> calls method <a.b.Owner.f(..)> in (...)": the origin's class and the owner's member. */
    private static final Pattern SITE = Pattern.compile("^\\w+ <(?:[a-z0-9_]+\\.)*([A-Za-z0-9_$]+)\\.[^.(]+\\(.*?\\)> "
            + "(?:calls|references) (?:method|constructor) <(?:[a-z0-9_]+\\.)*([A-Za-z0-9_$]+\\.[^.(]+)\\(.*", Pattern.DOTALL);

    private static String site(String violation) {
        Matcher m = SITE.matcher(violation);
        return m.matches() ? m.group(1) + " -> " + m.group(2) : violation;
    }

    /**
     * A static method of a collaborator class that hands back a collaborator: a factory in all but name. An interface
     * whose implementations are all records or enums (a parser's sealed command) is a value, not a collaborator.
     */
    private static boolean isStaticFactory(JavaClass origin, JavaCodeUnitAccess<?> access) {
        return access.getTarget().resolveMember().map(m -> isFactory(origin, m)).orElse(false);
    }

    private static boolean isFactory(JavaClass origin, JavaCodeUnit method) {
        JavaClass made = method.getRawReturnType();
        return method.getModifiers().contains(JavaModifier.STATIC) && isCollaborator(origin, method.getOwner())
                && isCollaborator(origin, made) && (!made.isInterface() || made.getAllSubclasses().stream()
                        .anyMatch(c -> !c.isInterface() && !c.isRecord() && !c.isEnum()));
    }

    /** A class of the product an entry point must not build; a capability's {@code *Wiring} is what builds them. */
    static boolean isCollaborator(JavaClass origin, JavaClass target) {
        return target.getPackageName().startsWith(PRODUCT + ".") && !isOwnRuntime(origin, target)
                && !target.isRecord() && !target.isEnum() && !target.isAssignableTo(Throwable.class)
                && !topLevel(target).getSimpleName().endsWith("Wiring");
    }

    /** The target is in a runtime package of the origin's own runner: {@code X.runtime}, the origin under {@code X}. */
    private static boolean isOwnRuntime(JavaClass origin, JavaClass target) {
        String pkg = target.getPackageName();
        if (!pkg.endsWith(".runtime")) {
            return false;
        }
        String runner = pkg.substring(0, pkg.length() - ".runtime".length());
        return origin.getPackageName().startsWith(runner + ".");
    }

    private static JavaClass topLevel(JavaClass c) {
        JavaClass top = c;
        for (Optional<JavaClass> enclosing = top.getEnclosingClass(); enclosing.isPresent(); enclosing = top.getEnclosingClass()) {
            top = enclosing.get();
        }
        return top;
    }

    /** A module's classes depend on the product only through its own packages and the modules below it. */
    public static ArchRule dependsOnlyOn(String rootPackage, String... modulesBelow) {
        return noClasses().that().resideInAPackage(rootPackage + "..")
                .should().dependOnClassesThat(DescribedPredicate.describe("are in a module above " + rootPackage
                                + " (allowed: " + String.join(", ", modulesBelow) + ")",
                        c -> c.getPackageName().startsWith(PRODUCT + ".") && !within(c, rootPackage)
                                && Arrays.stream(modulesBelow).noneMatch(below -> within(c, below))))
                .because("modules form layers; no dependency points upward");
    }

    private static boolean within(JavaClass c, String rootPackage) {
        return c.getPackageName().equals(rootPackage) || c.getPackageName().startsWith(rootPackage + ".");
    }

    /** No util, common, helpers or misc package. */
    public static ArchRule noJunkDrawerPackages(String rootPackage) {
        return noClasses().that().resideInAPackage(rootPackage + "..")
                .should().resideInAnyPackage("..util..", "..utils..", "..common..", "..helper..", "..helpers..", "..misc..")
                .because("a piece that serves several capabilities gets a name that says what it is");
    }
}
