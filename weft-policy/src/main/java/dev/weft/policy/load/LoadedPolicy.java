package dev.weft.policy.load;

import dev.weft.policy.PolicyException;
import dev.weft.policy.PolicySnapshot;
import dev.weft.policy.rego.RegoPolicy;
import dev.weft.policy.rego.RegoVersion;
import dev.weft.policy.rego.internal.PolicyModules;
import dev.weft.policy.rego.internal.ast.Module;
import dev.weft.policy.rego.value.ObjectValue;
import java.util.List;
import java.util.Map;

/**
 * What {@link PolicyLoader} read: the Rego modules' sources, the merged base data and a revision.
 * Immutable; compiling it does not change it.
 */
public final class LoadedPolicy {

  private final List<ModuleSource> modules;
  private final ObjectValue data;
  private final String revision;
  private final String contentHash;
  private final Map<String, Manifest> bundleOfModule;

  LoadedPolicy(
      List<ModuleSource> modules,
      ObjectValue data,
      String revision,
      String contentHash,
      Map<String, Manifest> bundleOfModule) {
    this.modules = List.copyOf(modules);
    this.data = data;
    this.revision = revision;
    this.contentHash = contentHash;
    this.bundleOfModule = Map.copyOf(bundleOfModule);
  }

  /** The modules, in load order: the paths as given, each directory walked in name order. */
  public List<ModuleSource> modules() {
    return modules;
  }

  /** The base data document: every data file mounted at its directory's path and merged. */
  public ObjectValue data() {
    return data;
  }

  /**
   * The revision: the bundle manifest's {@code revision} when a single bundle directory with a
   * revision was loaded, otherwise a 16-hex-digit SHA-256 over the names and contents of every file
   * read.
   */
  public String revision() {
    return revision;
  }

  /** The hash of every file read, whatever the manifest says: what reloads compare. */
  String contentHash() {
    return contentHash;
  }

  /** Compiles the modules (Rego v1 syntax) and data. */
  public PolicySnapshot compile() throws PolicyException {
    return compile(RegoVersion.V1);
  }

  /**
   * Compiles the modules, parsed with {@code version} ({@link RegoVersion#V0} for OPA's {@code
   * --v0-compatible}), and the data into a snapshot carrying this revision. Modules of a bundle
   * must declare packages under the bundle's roots.
   *
   * @throws PolicyException with every parse and compile error, each located as {@code
   *     file:line:col}, or naming a module whose package is outside its bundle's roots
   */
  public PolicySnapshot compile(RegoVersion version) throws PolicyException {
    RegoPolicy.Builder builder = RegoPolicy.builder().version(version).data(data);
    for (ModuleSource module : modules) {
      builder.module(module.file(), module.text());
    }
    RegoPolicy policy = builder.build();
    if (!bundleOfModule.isEmpty()) {
      for (Module module : PolicyModules.of(policy)) {
        Manifest bundle = bundleOfModule.get(module.file());
        if (bundle != null) {
          bundle.checkPackage(module.file(), module.packagePath());
        }
      }
    }
    return new PolicySnapshot(policy, revision);
  }

  @Override
  public String toString() {
    return "LoadedPolicy[revision="
        + revision
        + ", modules="
        + modules.size()
        + ", data keys="
        + data.size()
        + "]";
  }
}
