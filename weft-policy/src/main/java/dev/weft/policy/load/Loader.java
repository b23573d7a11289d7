package dev.weft.policy.load;

import dev.weft.policy.PolicyException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** One load: walks the given paths, reads every module and data file, merges the data. */
final class Loader {

  private static final Set<String> BUNDLE_DATA_FILES = Set.of("data.json", "data.yaml", "data.yml");

  private final boolean modulesOnly;
  private final List<ModuleSource> modules = new ArrayList<>();
  private final Map<String, Manifest> bundleOfModule = new HashMap<>();
  private final DataTree data = new DataTree();
  private final TreeMap<String, byte[]> contents = new TreeMap<>();
  private final Set<Path> seenModules = new HashSet<>();
  private final Set<String> seenData = new HashSet<>();
  private final List<Manifest> manifests = new ArrayList<>();

  Loader(boolean modulesOnly) {
    this.modulesOnly = modulesOnly;
  }

  LoadedPolicy load(List<Path> inputs) throws PolicyException {
    for (Path input : inputs) {
      loadInput(input);
    }
    String hash = Revisions.contentHash(contents);
    String revision = hash;
    if (inputs.size() == 1 && manifests.size() == 1 && !manifests.getFirst().revision().isEmpty()) {
      revision = manifests.getFirst().revision();
    }
    return new LoadedPolicy(modules, data.build(), revision, hash, bundleOfModule);
  }

  private void loadInput(Path input) throws PolicyException {
    String display = input.toString();
    if (!Files.exists(input)) {
      throw new PolicyException(display + ": no such file or directory", null);
    }
    if (Files.isDirectory(input)) {
      Path manifest = input.resolve(Manifest.FILE_NAME);
      Manifest bundle = Files.isRegularFile(manifest) ? readManifest(manifest) : null;
      directory(input, List.of(), bundle, new HashSet<>(List.of(realPath(input, display))));
      return;
    }
    String name = input.getFileName().toString();
    if (name.endsWith(".rego")) {
      module(input, display, null);
    } else if (!modulesOnly) {
      if (Documents.formatOf(name) == null) {
        throw new PolicyException(
            display + ": unrecognized file type (expected: .rego, .json, .yaml or .yml)", null);
      }
      data(input, display, List.of(), null);
    }
  }

  private Manifest readManifest(Path path) throws PolicyException {
    String display = path.toString();
    byte[] bytes = readFile(path, display);
    Manifest manifest =
        Manifest.parse(display, Documents.parse(display, bytes, Documents.Format.JSON));
    for (Manifest other : manifests) {
      manifest.checkDisjoint(other);
    }
    manifests.add(manifest);
    contents.put(display, bytes);
    return manifest;
  }

  private void directory(Path dir, List<String> dataPath, Manifest bundle, Set<Path> ancestors)
      throws PolicyException {
    List<Path> entries;
    try (Stream<Path> list = Files.list(dir)) {
      entries = list.sorted(Comparator.comparing((Path p) -> p.getFileName().toString())).toList();
    } catch (IOException e) {
      throw new PolicyException(dir + ": cannot read directory (" + reason(e) + ")", e);
    }
    for (Path entry : entries) {
      String name = entry.getFileName().toString();
      if (name.startsWith("..")) {
        continue; // Kubernetes' atomic-writer internals (..data, ..2024_...): reached via links
      }
      String display = entry.toString();
      if (Files.isDirectory(entry)) {
        Path real = realPath(entry, display);
        if (ancestors.add(real)) {
          List<String> childPath = new ArrayList<>(dataPath);
          childPath.add(name);
          directory(entry, childPath, bundle, ancestors);
          ancestors.remove(real);
        }
      } else if (name.endsWith(".rego")) {
        module(entry, display, bundle);
      } else if (modulesOnly) {
        continue;
      } else if (bundle != null ? BUNDLE_DATA_FILES.contains(name) : isData(name)) {
        data(entry, display, dataPath, bundle);
      }
    }
  }

  private static boolean isData(String name) {
    return Documents.formatOf(name) != null;
  }

  private void module(Path file, String display, Manifest bundle) throws PolicyException {
    if (!seenModules.add(realPath(file, display))) {
      return;
    }
    byte[] bytes = readFile(file, display);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new PolicyException(display + ": not UTF-8 text (expected: a UTF-8 Rego file)", e);
    }
    modules.add(new ModuleSource(display, text));
    contents.put(display, bytes);
    if (bundle != null) {
      bundleOfModule.put(display, bundle);
    }
  }

  private void data(Path file, String display, List<String> mount, Manifest bundle)
      throws PolicyException {
    if (!seenData.add(realPath(file, display) + "\0" + mount)) {
      return;
    }
    byte[] bytes = readFile(file, display);
    var value = Documents.parse(display, bytes, Documents.formatOf(file.getFileName().toString()));
    if (bundle != null) {
      bundle.checkData(display, mount, value);
    }
    data.mount(mount, value, display);
    contents.put(display, bytes);
  }

  static byte[] readFile(Path file, String display) throws PolicyException {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new PolicyException(display + ": " + reason(e), e);
    }
  }

  private static Path realPath(Path file, String display) throws PolicyException {
    try {
      return file.toRealPath();
    } catch (IOException e) {
      throw new PolicyException(display + ": " + reason(e), e);
    }
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return "cannot read (" + e + ")";
  }
}
