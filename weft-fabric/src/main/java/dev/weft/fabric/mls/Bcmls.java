package dev.weft.fabric.mls;

/**
 * The one lock every use of bcmls in this JVM holds. bcmls's cipher suites are shared singletons
 * whose AEAD and signer objects keep per-operation state, so two groups protecting and unprotecting
 * on two threads at once corrupt each other's operations ("mac check in GCM failed"). Serializing
 * every bcmls call is correct at the price of using one core for MLS work in a process.
 */
final class Bcmls {
  static final Object LOCK = new Object();

  private Bcmls() {}
}
