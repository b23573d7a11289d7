package dev.weft.policy.rego.ast;

import java.util.List;

/**
 * A parsed Rego module.
 *
 * @param file the file name as given to the parser
 * @param packagePath the package's path without the leading {@code data}, e.g. {@code ["agentweave",
 *     "authz", "federated"]}
 * @param imports the imports in source order
 * @param rules the rules in source order
 * @param version the syntax the module was parsed with
 * @param location where the package clause starts
 */
public record Module(
    String file,
    List<String> packagePath,
    List<Import> imports,
    List<Rule> rules,
    RegoVersion version,
    Location location) {

  /** Copies the lists. */
  public Module {
    packagePath = List.copyOf(packagePath);
    imports = List.copyOf(imports);
    rules = List.copyOf(rules);
  }
}
