package dev.weft.trust.ca;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Optional;

/**
 * Where the certificate authority's private keys live, and nowhere else: the journal only names
 * them by key ID. Implementations are thread-safe.
 *
 * <p>Key IDs are 1 to 200 characters of {@code A-Z a-z 0-9 . _ -}.
 */
public interface KeyManager {

  /**
   * Generates a key pair of {@code type}, stores it under {@code keyId} and returns it.
   *
   * @throws CaException if {@code keyId} is invalid or already holds a key, or the key cannot be
   *     stored
   */
  KeyPair generate(String keyId, KeyType type) throws CaException;

  /**
   * The key pair stored under {@code keyId}, or empty if there is none.
   *
   * @throws CaException if {@code keyId} is invalid or the stored key cannot be read
   */
  Optional<KeyPair> load(String keyId) throws CaException;

  /**
   * Deletes the key stored under {@code keyId}; deleting a missing key does nothing.
   *
   * @throws CaException if {@code keyId} is invalid or the key cannot be deleted
   */
  void delete(String keyId) throws CaException;

  /**
   * Keys on disk in {@code dir}: one PKCS#8 PEM file {@code <keyId>.pem} per key, mode 0600,
   * written atomically (a 0600 temporary file moved into place). {@code dir} is created with mode
   * 0700 if missing; an existing directory must already have mode 0700, and a key file that group
   * or others can access is refused.
   *
   * @throws CaException if the directory cannot be created or has the wrong mode
   */
  static KeyManager disk(Path dir) throws CaException {
    return DiskKeyManager.open(dir);
  }

  /** Keys in memory only: nothing is persisted, a restart loses every key. */
  static KeyManager memory() {
    return new MemoryKeyManager();
  }
}
