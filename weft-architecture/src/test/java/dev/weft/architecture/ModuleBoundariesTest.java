package dev.weft.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries of the tree, checked on the compiled classes of every module (main code
 * only). Each test lists every violation it finds, one per line, so a failing build says exactly
 * which class reached where.
 */
class ModuleBoundariesTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importEveryModule() throws IOException {
    // Only the class path entries that hold dev/weft: scanning every jar for the package is slow.
    Set<Location> locations = new LinkedHashSet<>();
    for (URL url : Collections.list(Modules.class.getClassLoader().getResources("dev/weft"))) {
      locations.add(Location.of(url));
    }
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("/jmh_generated/"))
            .importLocations(locations);
    assertThat(Modules.present(classes))
        .as("modules found on the class path")
        .containsAll(Modules.ALLOWED.keySet());
  }

  @Test
  void noModuleReachesIntoAnotherModulesInternalPackages() {
    List<String> violations = new ArrayList<>();
    for (Dependency dependency : crossModuleDependencies()) {
      if (isInternal(dependency.getTargetClass().getPackageName())) {
        violations.add(describe(dependency));
      }
    }
    assertThat(violations).as("uses of another module's internal packages").isEmpty();
  }

  @Test
  void everyModuleUsesOnlyTheModulesBelowIt() {
    List<String> violations = new ArrayList<>();
    for (Dependency dependency : crossModuleDependencies()) {
      String from = Modules.of(dependency.getOriginClass());
      String to = Modules.of(dependency.getTargetClass());
      if (!Modules.mayUse(from, to)) {
        violations.add(describe(dependency));
      }
    }
    assertThat(violations).as("uses of a module that is not below the user").isEmpty();
  }

  @Test
  void noPackageIsSplitAcrossModules() {
    Map<String, Set<String>> modulesByPackage = new TreeMap<>();
    for (JavaClass javaClass : classes) {
      modulesByPackage
          .computeIfAbsent(javaClass.getPackageName(), p -> new TreeSet<>())
          .add(Modules.of(javaClass));
    }
    Map<String, Set<String>> split =
        modulesByPackage.entrySet().stream()
            .filter(e -> e.getValue().size() > 1)
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(split).as("packages that more than one module defines").isEmpty();
  }

  private static List<Dependency> crossModuleDependencies() {
    List<Dependency> result = new ArrayList<>();
    for (JavaClass origin : classes) {
      String from = Modules.of(origin);
      for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
        JavaClass target = dependency.getTargetClass();
        if (target.getPackageName().startsWith("dev.weft.")
            && target.getSource().isPresent()
            && !Modules.of(target).equals(from)) {
          result.add(dependency);
        }
      }
    }
    return result;
  }

  private static boolean isInternal(String packageName) {
    return List.of(packageName.split("\\.")).contains("internal");
  }

  private static String describe(Dependency dependency) {
    return Modules.of(dependency.getOriginClass())
        + " -> "
        + Modules.of(dependency.getTargetClass())
        + ": "
        + dependency.getDescription();
  }
}
