package dev.weft.trust.ca;

import dev.weft.identity.pem.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Optional;
import java.util.Set;

/** {@link KeyManager#disk(Path)}: one owner-only PKCS#8 PEM file per key. */
final class DiskKeyManager implements KeyManager {
  private final Path dir;
  private final Object lock = new Object();

  private DiskKeyManager(Path dir) {
    this.dir = dir;
  }

  static DiskKeyManager open(Path dir) throws CaException {
    SecureFiles.ensurePrivateDirectory(dir, "key directory");
    removeLeftoverTemporaryFiles(dir);
    return new DiskKeyManager(dir);
  }

  /** Deletes temporary files a crash left behind mid-write; they may hold private keys. */
  private static void removeLeftoverTemporaryFiles(Path dir) throws CaException {
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, ".*.pem.*.tmp")) {
      for (Path leftover : leftovers) {
        Files.deleteIfExists(leftover);
      }
    } catch (IOException e) {
      throw new CaException("key directory " + dir + ": cannot be cleaned: " + e.getMessage(), e);
    }
  }

  @Override
  public KeyPair generate(String keyId, KeyType type) throws CaException {
    Path file = file(keyId);
    KeyPair pair = KeyMaterial.generate(type);
    synchronized (lock) {
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new CaException(
            "key " + keyId + ": already exists in " + dir + " (expected: a new key ID)");
      }
      byte[] pem = Pem.writePrivateKey(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII);
      try {
        SecureFiles.writeAtomically(file, pem, "key file");
      } finally {
        java.util.Arrays.fill(pem, (byte) 0);
      }
    }
    return pair;
  }

  @Override
  public Optional<KeyPair> load(String keyId) throws CaException {
    Path file = file(keyId);
    String pem;
    try {
      Set<PosixFilePermission> mode =
          Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      if (!SecureFiles.OWNER_RW.containsAll(mode)) {
        throw new CaException(
            "key file "
                + file
                + ": mode "
                + PosixFilePermissions.toString(mode)
                + " (expected: rw-------; run chmod 600 "
                + file
                + ")");
      }
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CaException("key file " + file + ": cannot be read: " + e.getMessage(), e);
    }
    PrivateKey key;
    try {
      key = Pem.parsePrivateKey(pem);
    } catch (GeneralSecurityException e) {
      throw new CaException("key file " + file + ": " + e.getMessage(), e);
    }
    try {
      return Optional.of(new KeyPair(KeyMaterial.publicKeyOf(key), key));
    } catch (CaException e) {
      throw new CaException("key file " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(String keyId) throws CaException {
    Path file = file(keyId);
    synchronized (lock) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new CaException("key file " + file + ": cannot be deleted: " + e.getMessage(), e);
      }
    }
  }

  private Path file(String keyId) throws CaException {
    KeyIds.check(keyId);
    return dir.resolve(keyId + ".pem");
  }

  @Override
  public String toString() {
    return "KeyManager[disk " + dir + "]";
  }
}
