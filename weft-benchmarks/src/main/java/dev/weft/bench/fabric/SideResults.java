package dev.weft.bench.fabric;

/**
 * One side's figures (Weft or NATS); a figure not measured in this run is null.
 *
 * @param msgsPerSecond pub/sub messages per second through one node
 * @param p50Micros request/reply median through one node, µs
 * @param p99Micros request/reply 99th percentile through one node, µs
 * @param twoNodeP50Micros request/reply median through two nodes in two trust domains, µs
 * @param twoNodeP99Micros request/reply 99th percentile through two nodes, µs
 * @param bytesPerThousandConnections server RSS growth per 1,000 idle mTLS connections
 * @param bytesPerHundredThousandSubscriptions server RSS growth per 100,000 subscriptions
 */
record SideResults(
    Double msgsPerSecond,
    Double p50Micros,
    Double p99Micros,
    Double twoNodeP50Micros,
    Double twoNodeP99Micros,
    Double bytesPerThousandConnections,
    Double bytesPerHundredThousandSubscriptions) {

  static final SideResults NONE = new SideResults(null, null, null, null, null, null, null);
}
