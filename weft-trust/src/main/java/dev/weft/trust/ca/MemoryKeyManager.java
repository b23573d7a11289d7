package dev.weft.trust.ca;

import java.security.KeyPair;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@link KeyManager#memory()}: keys in a map, lost on restart. */
final class MemoryKeyManager implements KeyManager {
  private final ConcurrentMap<String, KeyPair> keys = new ConcurrentHashMap<>();

  @Override
  public KeyPair generate(String keyId, KeyType type) throws CaException {
    KeyIds.check(keyId);
    KeyPair pair = KeyMaterial.generate(type);
    if (keys.putIfAbsent(keyId, pair) != null) {
      throw new CaException("key " + keyId + ": already exists (expected: a new key ID)");
    }
    return pair;
  }

  @Override
  public Optional<KeyPair> load(String keyId) throws CaException {
    KeyIds.check(keyId);
    return Optional.ofNullable(keys.get(keyId));
  }

  @Override
  public void delete(String keyId) throws CaException {
    KeyIds.check(keyId);
    keys.remove(keyId);
  }

  @Override
  public String toString() {
    return "KeyManager[memory, " + keys.size() + " keys]";
  }
}
