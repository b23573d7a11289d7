package dev.weft.trust.attestation;

import java.util.Optional;

/** Names of users and groups by numeric ID. Implementations are thread-safe. */
interface UserDatabase {
  /** A database that knows no names. */
  UserDatabase NONE =
      new UserDatabase() {
        @Override
        public Optional<String> userName(int uid) {
          return Optional.empty();
        }

        @Override
        public Optional<String> groupName(int gid) {
          return Optional.empty();
        }
      };

  Optional<String> userName(int uid);

  Optional<String> groupName(int gid);
}
