package dev.weft.trust.attestation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The credentials in {@code /proc/<pid>/status}.
 *
 * @param effectiveUid the second value of {@code Uid:}
 * @param effectiveGid the second value of {@code Gid:}
 * @param groups the values of {@code Groups:} (supplementary groups)
 */
record ProcStatus(int effectiveUid, int effectiveGid, List<Integer> groups) {
  ProcStatus {
    groups = List.copyOf(groups);
  }

  /**
   * Parses a status file.
   *
   * @throws IOException if {@code Uid:} or {@code Gid:} is missing or malformed
   */
  static ProcStatus parse(String status) throws IOException {
    Integer uid = null;
    Integer gid = null;
    List<Integer> groups = new ArrayList<>();
    for (String line : status.split("\n")) {
      if (line.startsWith("Uid:")) {
        uid = effective(line);
      } else if (line.startsWith("Gid:")) {
        gid = effective(line);
      } else if (line.startsWith("Groups:")) {
        for (String value : values(line)) {
          groups.add(id(value, line));
        }
      }
    }
    if (uid == null || gid == null) {
      throw new IOException("status: no Uid: or Gid: line");
    }
    return new ProcStatus(uid, gid, groups);
  }

  private static int effective(String line) throws IOException {
    String[] values = values(line);
    if (values.length < 2) {
      throw new IOException("status: \"" + line + "\" (expected: real, effective, saved, fs IDs)");
    }
    return id(values[1], line);
  }

  private static String[] values(String line) {
    String rest = line.substring(line.indexOf(':') + 1).trim();
    return rest.isEmpty() ? new String[0] : rest.split("\\s+");
  }

  private static int id(String value, String line) throws IOException {
    try {
      return Integer.parseUnsignedInt(value);
    } catch (NumberFormatException e) {
      throw new IOException("status: \"" + line + "\" (expected: numeric IDs)", e);
    }
  }
}
