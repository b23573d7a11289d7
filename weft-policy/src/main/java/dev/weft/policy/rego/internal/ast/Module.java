package dev.weft.policy.rego.internal.ast;

import dev.weft.policy.rego.Location;
import dev.weft.policy.rego.RegoVersion;
import java.util.List;

/**
 * A parsed Rego module.
 *
 * @param file the file name as given to the parser
 * @param packagePath the package's path without the leading {@code data}, e.g. {@code
 *     ["agentweave", "authz", "federated"]}
 * @param imports the imports in source order
 * @param rules the rules in source order
 * @param version the syntax the module was parsed with
 * @param location where the package clause starts
 * @param annotations the module's {@code # METADATA} blocks in source order
 */
public record Module(
    String file,
    List<String> packagePath,
    List<Import> imports,
    List<Rule> rules,
    RegoVersion version,
    Location location,
    List<Annotation> annotations) {

  /** Copies the lists. */
  public Module {
    packagePath = List.copyOf(packagePath);
    imports = List.copyOf(imports);
    rules = List.copyOf(rules);
    annotations = List.copyOf(annotations);
  }

  /** A module without annotations. */
  public Module(
      String file,
      List<String> packagePath,
      List<Import> imports,
      List<Rule> rules,
      RegoVersion version,
      Location location) {
    this(file, packagePath, imports, rules, version, location, List.of());
  }

  /** This module with {@code newAnnotations}. */
  public Module withAnnotations(List<Annotation> newAnnotations) {
    return new Module(file, packagePath, imports, rules, version, location, newAnnotations);
  }
}
