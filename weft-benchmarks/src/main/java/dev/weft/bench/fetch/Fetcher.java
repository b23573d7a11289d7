package dev.weft.bench.fetch;

/**
 * One Workload API client making {@code FetchX509SVID} calls: open the stream, take the first
 * answer, cancel. Used by one thread at a time.
 */
interface Fetcher extends AutoCloseable {
  /** One call; fails if the answer holds no SVID. */
  void fetch() throws Exception;

  /** One call, returning the SPIFFE ID of the first SVID (to check what is being measured). */
  String fetchId() throws Exception;

  @Override
  void close();
}
