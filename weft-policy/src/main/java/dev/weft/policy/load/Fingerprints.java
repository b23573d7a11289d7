package dev.weft.policy.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A cheap summary of the files under the watched paths: every regular file's modification time and
 * size. Two equal fingerprints mean nothing visible changed; a different one triggers a load, whose
 * content hash then decides whether anything really did.
 */
final class Fingerprints {

  private Fingerprints() {}

  /** Path to {@code mtime-nanos:size}, or to a marker for a missing or unreadable path. */
  static Map<String, String> of(List<Path> paths) {
    Map<String, String> out = new HashMap<>();
    for (Path path : paths) {
      visit(path, out, new HashSet<>());
    }
    return out;
  }

  private static void visit(Path path, Map<String, String> out, Set<Path> ancestors) {
    String key = path.toString();
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (IOException e) {
      out.put(key, "unreadable: " + e.getClass().getSimpleName());
      return;
    }
    if (!attributes.isDirectory()) {
      out.put(
          key, attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS) + ":" + attributes.size());
      return;
    }
    Path real;
    try {
      real = path.toRealPath();
    } catch (IOException e) {
      out.put(key, "unreadable: " + e.getClass().getSimpleName());
      return;
    }
    if (!ancestors.add(real)) {
      return;
    }
    List<Path> entries;
    try (Stream<Path> list = Files.list(path)) {
      entries = list.toList();
    } catch (IOException e) {
      out.put(key, "unreadable: " + e.getClass().getSimpleName());
      ancestors.remove(real);
      return;
    }
    out.put(key, "dir");
    for (Path entry : entries) {
      if (!entry.getFileName().toString().startsWith("..")) {
        visit(entry, out, ancestors);
      }
    }
    ancestors.remove(real);
  }
}
