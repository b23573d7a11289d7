package dev.weft.controller.state;

/**
 * An explicit link between two nodes, undirected: it is kept with {@code a < b}, whichever order it
 * was created in, so {@code new LinkRecord("y", "x")} equals {@code new LinkRecord("x", "y")}.
 *
 * @param a the node id that sorts first
 * @param b the other node id
 */
public record LinkRecord(String a, String b) {
  /**
   * @throws IllegalArgumentException if an id is malformed or both are the same
   */
  public LinkRecord {
    Check.id("link node", a);
    Check.id("link node", b);
    if (a.equals(b)) {
      throw new IllegalArgumentException(
          "link: " + a + " to " + b + " (expected: two different nodes)");
    }
    if (a.compareTo(b) > 0) {
      String first = b;
      b = a;
      a = first;
    }
  }

  /** The other end of the link from {@code node}. */
  public String peerOf(String node) {
    if (node.equals(a)) {
      return b;
    }
    if (node.equals(b)) {
      return a;
    }
    throw new IllegalArgumentException(
        "node: " + Check.quote(node) + " (expected: " + a + " or " + b + ")");
  }
}
