package dev.weft.policy.load;

import static dev.weft.policy.load.Files2.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.value.Json;
import dev.weft.policy.rego.value.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading directories and files as OPA's -d does. */
class PolicyLoaderTest {

  @TempDir Path tmp;

  private static Value json(String text) throws Exception {
    return Json.parse(text);
  }

  @Test
  void directoryMountsDataAtItsPathAndListsModulesInNameOrder() throws Exception {
    Path dir = tmp.resolve("policies");
    write(dir, "data.json", "{\"top\": true}");
    write(dir, "b.rego", "package b\n");
    write(dir, "a.rego", "package a\n");
    write(dir, "x/y/data.json", "{\"n\": 1.50, \"big\": 12345678901234567890}");
    write(dir, "x/roles.yaml", "admins:\n  - alice\n  - bob\nlimit: 3\n");
    write(dir, "x/sub/c.rego", "package x.sub\n");
    write(dir, "x/notes.txt", "ignored");

    LoadedPolicy loaded = PolicyLoader.load(dir);

    assertThat(loaded.modules())
        .containsExactly(
            new ModuleSource(dir + "/a.rego", "package a\n"),
            new ModuleSource(dir + "/b.rego", "package b\n"),
            new ModuleSource(dir + "/x/sub/c.rego", "package x.sub\n"));
    assertThat(loaded.data())
        .isEqualTo(
            json(
                "{\"top\": true, \"x\": {\"admins\": [\"alice\", \"bob\"], \"limit\": 3,"
                    + " \"y\": {\"n\": 1.5, \"big\": 12345678901234567890}}}"));
    assertThat(loaded.revision()).matches("[0-9a-f]{16}");
  }

  @Test
  void fileGivenDirectlyIsMergedAtTheRoot() throws Exception {
    Path a = write(tmp, "deep/dir/a.json", "{\"a\": {\"x\": 1}}");
    Path b = write(tmp, "b.yml", "a:\n  y: 2\nflag: yes\nnothing: null\nf: 1.5\n");

    LoadedPolicy loaded = PolicyLoader.load(a, b);

    assertThat(loaded.data())
        .isEqualTo(
            json("{\"a\": {\"x\": 1, \"y\": 2}, \"flag\": true, \"nothing\": null, \"f\": 1.5}"));
    assertThat(loaded.modules()).isEmpty();
  }

  @Test
  void noPathsGiveAnEmptyPolicy() throws Exception {
    LoadedPolicy loaded = PolicyLoader.load(List.of());
    assertThat(loaded.modules()).isEmpty();
    assertThat(loaded.data().size()).isZero();
    assertThat(loaded.revision()).matches("[0-9a-f]{16}");
  }

  @Test
  void conflictingDataNamesBothFiles() {
    Path dir = tmp.resolve("d");
    write(dir, "data.json", "{\"x\": {\"y\": 1, \"z\": 2}}");
    write(dir, "x/data.json", "{\"y\": 2}");

    assertThatThrownBy(() -> PolicyLoader.load(dir))
        .isInstanceOf(PolicyException.class)
        .hasMessage(
            dir
                + "/x/data.json: data.x.y is already defined by "
                + dir
                + "/data.json (expected: each data path defined by one file)");
  }

  @Test
  void dataUnderALeafOfAnotherFileIsAConflict() {
    Path dir = tmp.resolve("d");
    write(dir, "data.json", "{\"x\": 1}");
    write(dir, "x/y/data.json", "{}");

    assertThatThrownBy(() -> PolicyLoader.load(dir))
        .hasMessage(
            dir
                + "/x/y/data.json: data.x is already defined by "
                + dir
                + "/data.json (expected: each data path defined by one file)");
  }

  @Test
  void sameKeyTwiceAcrossFilesGivenDirectlyIsAConflict() {
    Path a = write(tmp, "a.json", "{\"k\": {\"odd key\": 1}}");
    Path b = write(tmp, "b.json", "{\"k\": {\"odd key\": 1}}");

    assertThatThrownBy(() -> PolicyLoader.load(a, b))
        .hasMessage(
            b
                + ": data.k[\"odd key\"] is already defined by "
                + a
                + " (expected: each data path defined by one file)");
  }

  @Test
  void disjointObjectsFromSeveralFilesMerge() throws Exception {
    Path dir = tmp.resolve("d");
    write(dir, "x/a.json", "{\"a\": 1, \"shared\": {\"p\": 1}}");
    write(dir, "x/b.json", "{\"b\": 2, \"shared\": {\"q\": 2}}");

    assertThat(PolicyLoader.load(dir).data())
        .isEqualTo(json("{\"x\": {\"a\": 1, \"b\": 2, \"shared\": {\"p\": 1, \"q\": 2}}}"));
  }

  @Test
  void nonObjectAtTheRootIsRejected() {
    Path list = write(tmp, "list.json", "[1, 2]");
    Path dir = tmp.resolve("d");
    write(dir, "data.yaml", "just a string\n");

    assertThatThrownBy(() -> PolicyLoader.load(list))
        .hasMessage(list + ": array at data (expected: an object)");
    assertThatThrownBy(() -> PolicyLoader.load(dir))
        .hasMessage(dir + "/data.yaml: string at data (expected: an object)");
  }

  @Test
  void nonObjectDataBelowTheRootIsMounted() throws Exception {
    Path dir = tmp.resolve("d");
    write(dir, "limits/data.json", "[1, 2]");
    write(dir, "empty/data.yaml", "");

    assertThat(PolicyLoader.load(dir).data())
        .isEqualTo(json("{\"empty\": null, \"limits\": [1, 2]}"));
  }

  @Test
  void badJsonNamesFileLineAndColumn() {
    Path dir = tmp.resolve("d");
    write(dir, "ok.rego", "package ok\n");
    write(dir, "a/data.json", "{\n  \"a\": 1,\n}\n");

    assertThatThrownBy(() -> PolicyLoader.load(dir))
        .isInstanceOf(PolicyException.class)
        .hasMessage(
            dir
                + "/a/data.json:3:1: invalid JSON: Unexpected character ('}' (code 125)):"
                + " was expecting double-quote to start field name");
  }

  @Test
  void anUnquotedValueIsNotRepeatedInTheMessage() {
    Path secret = write(tmp, "secret.json", "{\"token\": s3cr3t-value}");

    assertThatThrownBy(() -> PolicyLoader.load(secret))
        .hasMessage(
            secret
                + ":1:11: invalid JSON: Unrecognized token: was expecting (JSON String, Number,"
                + " Array, Object or token 'null', 'true' or 'false')");
  }

  @Test
  void trailingJsonAndEmptyJsonAreRejected() {
    Path two = write(tmp, "two.json", "{} {}");
    Path empty = write(tmp, "empty.json", "");

    assertThatThrownBy(() -> PolicyLoader.load(two))
        .hasMessageStartingWith(two + ":1:4: invalid JSON: Trailing token (of type START_OBJECT)");
    assertThatThrownBy(() -> PolicyLoader.load(empty))
        .hasMessage(empty + ": empty file (expected: a JSON document)");
  }

  @Test
  void badYamlNamesFileAndLine() {
    Path bad = write(tmp, "bad.yaml", "a: 1\nb: [1, 2\nc: 3\n");

    assertThatThrownBy(() -> PolicyLoader.load(bad))
        .isInstanceOf(PolicyException.class)
        .hasMessage(
            bad
                + ":3:2: invalid YAML: expected ',' or ']', but got :"
                + " (while parsing a flow sequence at 2:4)");
  }

  @Test
  void missingAndUnrecognizedPathsAreNamed() {
    Path missing = tmp.resolve("nope.rego");
    Path text = write(tmp, "notes.txt", "hello");

    assertThatThrownBy(() -> PolicyLoader.load(missing))
        .hasMessage(missing + ": no such file or directory");
    assertThatThrownBy(() -> PolicyLoader.load(text))
        .hasMessage(text + ": unrecognized file type (expected: .rego, .json, .yaml or .yml)");
  }

  @Test
  void nonUtf8ModuleIsRejected() throws Exception {
    Path bad = tmp.resolve("bad.rego");
    Files.write(bad, new byte[] {'p', (byte) 0xff, '\n'});

    assertThatThrownBy(() -> PolicyLoader.load(bad))
        .hasMessage(bad + ": not UTF-8 text (expected: a UTF-8 Rego file)");
  }

  @Test
  void theSamePathTwiceLoadsOnce() throws Exception {
    Path dir = tmp.resolve("d");
    write(dir, "p.rego", "package p\n");
    write(dir, "x/data.json", "{\"a\": 1}");

    LoadedPolicy loaded = PolicyLoader.load(dir, dir, dir.resolve("p.rego"));

    assertThat(loaded.modules()).hasSize(1);
    assertThat(loaded.data()).isEqualTo(json("{\"x\": {\"a\": 1}}"));
  }

  @Test
  void kubernetesAtomicWriterInternalsAreSkippedAndLinksFollowed() throws Exception {
    Path dir = tmp.resolve("configmap");
    write(dir, "..2026_01_01/authz.rego", "package authz\n");
    write(dir, "..2026_01_01/data.json", "{\"k\": 1}");
    Files.createSymbolicLink(dir.resolve("..data"), Path.of("..2026_01_01"));
    Files.createSymbolicLink(dir.resolve("authz.rego"), Path.of("..data/authz.rego"));
    Files.createSymbolicLink(dir.resolve("data.json"), Path.of("..data/data.json"));
    Files.createSymbolicLink(dir.resolve("loop"), dir);

    LoadedPolicy loaded = PolicyLoader.load(dir);

    assertThat(loaded.modules())
        .containsExactly(new ModuleSource(dir + "/authz.rego", "package authz\n"));
    assertThat(loaded.data()).isEqualTo(json("{\"k\": 1}"));
  }

  @Test
  void revisionIsAContentHash() throws Exception {
    Path dir = tmp.resolve("d");
    write(dir, "p.rego", "package p\n");
    write(dir, "x/data.json", "{\"a\": 1}");
    String first = PolicyLoader.load(dir).revision();

    assertThat(PolicyLoader.load(dir).revision()).isEqualTo(first);
    write(dir, "x/data.json", "{\"a\": 2}");
    String second = PolicyLoader.load(dir).revision();
    assertThat(second).isNotEqualTo(first);
    Files.move(dir.resolve("p.rego"), dir.resolve("q.rego"));
    assertThat(PolicyLoader.load(dir).revision()).isNotEqualTo(second);
    write(dir, "x/notes.txt", "not loaded, not hashed");
    Files.move(dir.resolve("q.rego"), dir.resolve("p.rego"));
    assertThat(PolicyLoader.load(dir).revision()).isEqualTo(second);
  }

  @Test
  void loadModulesReadsOnlyRego() throws Exception {
    Path dir = tmp.resolve("d");
    write(dir, "p.rego", "package p\n");
    write(dir, "data.json", "{ not json");
    Path direct = write(tmp, "direct.json", "[]");

    LoadedPolicy loaded = PolicyLoader.loadModules(List.of(dir, direct));

    assertThat(loaded.modules()).containsExactly(new ModuleSource(dir + "/p.rego", "package p\n"));
    assertThat(loaded.data().size()).isZero();
  }

  @Test
  void readDocumentReadsJsonOrYaml() throws Exception {
    Path j = write(tmp, "input.json", "{\"user\": \"alice\", \"n\": [1, 2.5]}");
    Path y = write(tmp, "input.yaml", "user: alice\nn: [1, 2.5]\n");
    Path bad = write(tmp, "bad.json", "{\"user\": }");

    assertThat(PolicyLoader.readDocument(j))
        .isEqualTo(json("{\"user\": \"alice\", \"n\": [1, 2.5]}"));
    assertThat(PolicyLoader.readDocument(y)).isEqualTo(PolicyLoader.readDocument(j));
    assertThatThrownBy(() -> PolicyLoader.readDocument(bad))
        .hasMessage(
            bad
                + ":1:10: invalid JSON: Unexpected character ('}' (code 125)):"
                + " expected a value");
    assertThatThrownBy(() -> PolicyLoader.readDocument(tmp))
        .hasMessage(tmp + ": is a directory (expected: a JSON or YAML file)");
    assertThatThrownBy(() -> PolicyLoader.readDocument(tmp.resolve("none.json")))
        .hasMessage(tmp.resolve("none.json") + ": no such file or directory");
  }
}
