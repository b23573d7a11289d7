package dev.weft.policy.load;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.value.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads Rego policies and data from disk as OPA does for {@code -d} paths and bundle directories.
 *
 * <ul>
 *   <li>A {@code .rego} file is a module.
 *   <li>A {@code .json}, {@code .yaml} or {@code .yml} file given directly is data merged at the
 *       root of {@code data} (it must be an object).
 *   <li>A directory is walked recursively in name order: {@code .rego} files are modules, every
 *       JSON or YAML file is data mounted at the path of its directory relative to the directory
 *       given ({@code dir/a/b/data.json} becomes {@code data.a.b}); other files are ignored.
 *       Entries whose names start with {@code ..} (Kubernetes' atomic-writer internals) are
 *       skipped; symbolic links are followed.
 *   <li>A directory holding a {@code .manifest} file is a bundle: only files named {@code
 *       data.json}, {@code data.yaml} or {@code data.yml} are data, the manifest's {@code revision}
 *       becomes the revision, and its {@code roots} (default: everything) bound the data paths and
 *       packages the bundle may define.
 * </ul>
 *
 * <p>Data from several files is merged object by object; two files defining the same path is an
 * error naming both. Every error names its file, and nothing is returned half-loaded.
 */
public final class PolicyLoader {

  private PolicyLoader() {}

  /**
   * Loads modules and data from files, directories and bundle directories.
   *
   * @param paths the paths, in order; none gives an empty policy
   * @throws PolicyException if a path is missing or unreadable, a data file is not valid JSON or
   *     YAML ({@code file:line:col}), data at the root is not an object, two files define the same
   *     data path, or a bundle's manifest is invalid or its data lies outside its roots
   */
  public static LoadedPolicy load(List<Path> paths) throws PolicyException {
    return new Loader(false).load(List.copyOf(paths));
  }

  /** Loads modules and data; see {@link #load(List)}. */
  public static LoadedPolicy load(Path... paths) throws PolicyException {
    return load(List.of(paths));
  }

  /**
   * Loads only the Rego modules under {@code paths}, as {@code opa check} does: data files are
   * neither read nor validated, and the result's data is empty.
   *
   * @throws PolicyException if a path is missing or a module cannot be read
   */
  public static LoadedPolicy loadModules(List<Path> paths) throws PolicyException {
    return new Loader(true).load(List.copyOf(paths));
  }

  /**
   * Reads one JSON document, or YAML when the file name ends in {@code .yaml} or {@code .yml} (for
   * an {@code input} document).
   *
   * @throws PolicyException if the file is missing, unreadable or not valid ({@code file:line:col})
   */
  public static Value readDocument(Path file) throws PolicyException {
    String display = file.toString();
    if (Files.isDirectory(file)) {
      throw new PolicyException(display + ": is a directory (expected: a JSON or YAML file)", null);
    }
    byte[] bytes = Loader.readFile(file, display);
    Documents.Format format = Documents.formatOf(file.getFileName().toString());
    return Documents.parse(display, bytes, format == null ? Documents.Format.JSON : format);
  }
}
