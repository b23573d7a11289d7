package dev.weft.policy.load;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.value.ArrayValue;
import dev.weft.policy.rego.value.ObjectValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A bundle's {@code .manifest}: its revision and the roots (slash-separated data paths) its data
 * and packages must stay under. No roots means the bundle may write anywhere ({@code [""]}).
 *
 * @param file the manifest's path, for messages
 * @param revision the revision, empty when the manifest has none
 * @param roots the roots, each without leading or trailing slashes
 */
record Manifest(String file, String revision, List<String> roots) {

  static final String FILE_NAME = ".manifest";

  Manifest {
    roots = List.copyOf(roots);
  }

  /** Reads a manifest document. */
  static Manifest parse(String file, Value document) throws PolicyException {
    if (!(document instanceof ObjectValue object)) {
      throw new PolicyException(
          file + ": " + document.typeName() + " (expected: a JSON object)", null);
    }
    String revision = "";
    Value rev = object.get("revision");
    if (rev != null) {
      if (!(rev instanceof StringValue s)) {
        throw new PolicyException(file + ": revision: " + rev + " (expected: a string)", null);
      }
      revision = s.value();
    }
    List<String> roots = List.of("");
    Value r = object.get("roots");
    if (r != null) {
      if (!(r instanceof ArrayValue array)) {
        throw new PolicyException(
            file + ": roots: " + r + " (expected: an array of strings)", null);
      }
      roots = new ArrayList<>();
      for (Value root : array.elements()) {
        if (!(root instanceof StringValue s)) {
          throw new PolicyException(
              file + ": roots: " + r + " (expected: an array of strings)", null);
        }
        roots.add(trimSlashes(s.value()));
      }
    }
    Manifest manifest = new Manifest(file, revision, roots);
    for (int i = 0; i < roots.size(); i++) {
      for (int j = i + 1; j < roots.size(); j++) {
        if (overlap(roots.get(i), roots.get(j))) {
          throw new PolicyException(
              file
                  + ": roots "
                  + roots.get(i)
                  + " and "
                  + roots.get(j)
                  + " overlap (expected: disjoint roots)",
              null);
        }
      }
    }
    return manifest;
  }

  /** Fails if a root of this manifest overlaps a root of {@code other}. */
  void checkDisjoint(Manifest other) throws PolicyException {
    for (String mine : roots) {
      for (String theirs : other.roots) {
        if (overlap(mine, theirs)) {
          throw new PolicyException(
              file
                  + ": root \""
                  + mine
                  + "\" overlaps root \""
                  + theirs
                  + "\" of "
                  + other.file
                  + " (expected: bundles with disjoint roots)",
              null);
        }
      }
    }
  }

  /** Whether a root contains the data path {@code path}. */
  boolean contains(List<String> path) {
    for (String root : roots) {
      if (isPrefix(segments(root), path)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Fails unless the data {@code value} mounted at {@code path} by {@code dataFile} stays under the
   * roots.
   */
  void checkData(String dataFile, List<String> path, Value value) throws PolicyException {
    if (contains(path)) {
      return;
    }
    if (value instanceof ObjectValue object && leadsToRoot(path)) {
      List<String> child = new ArrayList<>(path);
      for (Map.Entry<Value, Value> e : object.entrySet()) {
        child.add(e.getKey() instanceof StringValue s ? s.value() : e.getKey().toString());
        checkData(dataFile, child, e.getValue());
        child.removeLast();
      }
      return;
    }
    throw new PolicyException(
        dataFile
            + ": "
            + this.describeRoots()
            + " do not permit data at "
            + DataPaths.render(path)
            + " (expected: data under a root; check the bundle's directory structure)",
        null);
  }

  /** Fails unless the package {@code packagePath} (without {@code data}) is under the roots. */
  void checkPackage(String moduleFile, List<String> packagePath) throws PolicyException {
    if (!contains(packagePath)) {
      throw new PolicyException(
          moduleFile
              + ": "
              + describeRoots()
              + " do not permit package "
              + String.join(".", packagePath)
              + " (expected: a package under a root)",
          null);
    }
  }

  private String describeRoots() {
    return "the roots " + roots + " of " + file;
  }

  private boolean leadsToRoot(List<String> path) {
    for (String root : roots) {
      if (isPrefix(path, segments(root))) {
        return true;
      }
    }
    return false;
  }

  private static boolean overlap(String a, String b) {
    List<String> x = segments(a);
    List<String> y = segments(b);
    return isPrefix(x, y) || isPrefix(y, x);
  }

  private static boolean isPrefix(List<String> prefix, List<String> path) {
    return prefix.size() <= path.size() && path.subList(0, prefix.size()).equals(prefix);
  }

  private static List<String> segments(String root) {
    return root.isEmpty() ? List.of() : Arrays.asList(root.split("/"));
  }

  private static String trimSlashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '/') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(start, end);
  }
}
