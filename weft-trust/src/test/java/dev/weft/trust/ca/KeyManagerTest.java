package dev.weft.trust.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.identity.pem.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyManagerTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void diskKeysRoundTripWithOwnerOnlyModes(KeyType type) throws Exception {
    Path keysDir = dir.resolve("state").resolve("keys");
    KeyManager keys = KeyManager.disk(keysDir);
    KeyPair generated = keys.generate("x509-ca-1", type);

    assertThat(mode(keysDir)).isEqualTo("rwx------");
    Path file = keysDir.resolve("x509-ca-1.pem");
    assertThat(mode(file)).isEqualTo("rw-------");
    assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Pem.parsePrivateKey(Files.readString(file))).isEqualTo(generated.getPrivate());
    try (Stream<Path> files = Files.list(keysDir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("x509-ca-1.pem");
    }

    KeyPair loaded = KeyManager.disk(keysDir).load("x509-ca-1").orElseThrow();
    assertThat(loaded.getPrivate()).isEqualTo(generated.getPrivate());
    assertThat(loaded.getPublic()).isEqualTo(generated.getPublic());
    assertThat(KeyMaterial.typeOf(loaded.getPublic())).contains(type);

    keys.delete("x509-ca-1");
    assertThat(file).doesNotExist();
    assertThat(keys.load("x509-ca-1")).isEmpty();
    keys.delete("x509-ca-1");
  }

  @Test
  void memoryKeysAreKeptUntilDeleted() throws Exception {
    KeyManager keys = KeyManager.memory();
    KeyPair pair = keys.generate("k", KeyType.EC_P256);
    assertThat(keys.load("k")).contains(pair);
    assertThat(KeyManager.memory().load("k")).isEmpty();
    keys.delete("k");
    assertThat(keys.load("k")).isEmpty();
  }

  @Test
  void keyIdsAreValidated() throws Exception {
    for (KeyManager keys : List.of(KeyManager.memory(), KeyManager.disk(dir.resolve("keys")))) {
      for (String bad : List.of("", "../escape", "a/b", "a b", ".", "..", "x".repeat(201))) {
        assertThatThrownBy(() -> keys.generate(bad, KeyType.EC_P256))
            .isInstanceOf(CaException.class)
            .hasMessage(
                "key ID: \"" + bad + "\" (expected: 1 to 200 characters of A-Z a-z 0-9 . _ -)");
        assertThatThrownBy(() -> keys.load(bad)).isInstanceOf(CaException.class);
        assertThatThrownBy(() -> keys.delete(bad)).isInstanceOf(CaException.class);
      }
      assertThatThrownBy(() -> keys.load(null))
          .isInstanceOf(CaException.class)
          .hasMessage("key ID: null (expected: 1 to 200 characters of A-Z a-z 0-9 . _ -)");
    }
    try (Stream<Path> files = Files.list(dir.resolve("keys"))) {
      assertThat(files).isEmpty();
    }
    assertThat(dir.resolve("escape.pem")).doesNotExist();
  }

  @Test
  void generatingAnExistingKeyIdIsRefusedAndKeepsTheKey() throws Exception {
    KeyManager disk = KeyManager.disk(dir.resolve("keys"));
    KeyPair first = disk.generate("k", KeyType.EC_P256);
    assertThatThrownBy(() -> disk.generate("k", KeyType.EC_P256))
        .isInstanceOf(CaException.class)
        .hasMessage(
            "key k: already exists in " + dir.resolve("keys") + " (expected: a new key ID)");
    assertThat(disk.load("k").orElseThrow().getPrivate()).isEqualTo(first.getPrivate());

    KeyManager memory = KeyManager.memory();
    KeyPair kept = memory.generate("k", KeyType.EC_P256);
    assertThatThrownBy(() -> memory.generate("k", KeyType.EC_P256))
        .isInstanceOf(CaException.class)
        .hasMessage("key k: already exists (expected: a new key ID)");
    assertThat(memory.load("k")).contains(kept);
  }

  @Test
  void anExistingDirectoryOpenToOthersIsRefused() throws Exception {
    Path open = Files.createDirectory(dir.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThatThrownBy(() -> KeyManager.disk(open))
        .isInstanceOf(CaException.class)
        .hasMessage(
            "key directory "
                + open
                + ": mode rwxr-xr-x (expected: rwx------; run chmod 700 "
                + open
                + ")");
    assertThat(mode(open)).isEqualTo("rwxr-xr-x");
  }

  @Test
  void aKeyFileReadableByOthersIsRefused() throws Exception {
    KeyManager keys = KeyManager.disk(dir.resolve("keys"));
    keys.generate("k", KeyType.EC_P256);
    Path file = dir.resolve("keys").resolve("k.pem");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> keys.load("k"))
        .isInstanceOf(CaException.class)
        .hasMessage(
            "key file "
                + file
                + ": mode rw-r--r-- (expected: rw-------; run chmod 600 "
                + file
                + ")");
  }

  @Test
  void anUnreadableKeyFileIsAnErrorWithoutItsContent() throws Exception {
    KeyManager keys = KeyManager.disk(dir.resolve("keys"));
    Path file = dir.resolve("keys").resolve("k.pem");
    Files.writeString(file, "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> keys.load("k"))
        .isInstanceOf(CaException.class)
        .hasMessage(
            "key file " + file + ": private key: not a PKCS#8 EC, RSA or Ed25519 key (6 bytes)");
  }

  @Test
  void temporaryFilesLeftByACrashAreRemovedOnOpen() throws Exception {
    Path keysDir = dir.resolve("keys");
    KeyManager.disk(keysDir).generate("k", KeyType.EC_P256);
    Path leftover = Files.writeString(keysDir.resolve(".k2.pem.12345.tmp"), "partial");
    Path unrelated = Files.writeString(keysDir.resolve("notes.txt"), "kept");
    KeyManager.disk(keysDir);
    assertThat(leftover).doesNotExist();
    assertThat(unrelated).exists();
    assertThat(keysDir.resolve("k.pem")).exists();
  }

  @Test
  void aFileInPlaceOfTheDirectoryIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> KeyManager.disk(file))
        .isInstanceOf(CaException.class)
        .hasMessage("key directory " + file + ": not a directory");
  }

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
