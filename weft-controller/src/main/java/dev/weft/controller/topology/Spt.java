package dev.weft.controller.topology;

/**
 * The shortest-path tree of one root: each node's parent toward the root. A root with a single link
 * reaches everything through its neighbour, so its tree is the neighbour's tree with that one link
 * turned round: it shares the neighbour's parent array instead of searching again. (In a fabric of
 * regional hubs and leaves, every leaf root then shares its hub's array.)
 */
final class Spt {
  private final int[] parents;
  private final int root;
  private final int via;

  /** The tree of {@code root} whose array is {@code parents} (-1: the root, or unreachable). */
  Spt(int[] parents, int root) {
    this(parents, root, -1);
  }

  /** The tree of a root with one link, to {@code via}, from the parent array of {@code via}. */
  Spt(int[] parents, int root, int via) {
    this.parents = parents;
    this.root = root;
    this.via = via;
  }

  /** The parent of local node {@code node}, or -1 for the root and for unreachable nodes. */
  int parent(int node) {
    if (node == root) {
      return -1;
    }
    if (node == via) {
      return root;
    }
    return parents[node];
  }
}
