package dev.weft.bench.agent;

import dev.weft.bench.Latencies;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop load: one virtual thread per caller issues calls back to back until the duration
 * has passed, recording each call's latency. A call that fails stops the run with its exception.
 */
final class ClosedLoop {

  /** One caller's call; each caller is used by one thread only. */
  @FunctionalInterface
  interface Call {
    void call() throws Exception;
  }

  private ClosedLoop() {}

  /**
   * Runs every caller on its own virtual thread for {@code nanos} and returns the latencies of all
   * calls; the wall time runs from the start signal to the last answer.
   */
  static Latencies run(List<Call> callers, long nanos) throws Exception {
    int threads = callers.size();
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    AtomicReference<Exception> failure = new AtomicReference<>();
    long[][] samples = new long[threads][];
    int[] counts = new int[threads];
    long[] end = new long[1];
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Call call = callers.get(t);
      int slot = t;
      workers.add(
          Thread.ofVirtual()
              .name("bench-caller-" + t)
              .start(
                  () -> {
                    long[] mine = new long[4096];
                    int n = 0;
                    ready.countDown();
                    try {
                      go.await();
                      long stop = end[0];
                      while (failure.get() == null) {
                        long start = System.nanoTime();
                        if (start - stop >= 0) {
                          break;
                        }
                        call.call();
                        if (n == mine.length) {
                          mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = System.nanoTime() - start;
                      }
                    } catch (Exception e) {
                      failure.compareAndSet(null, e);
                    }
                    samples[slot] = mine;
                    counts[slot] = n;
                  }));
    }
    ready.await();
    long start = System.nanoTime();
    end[0] = start + nanos;
    go.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    long wall = System.nanoTime() - start;
    if (failure.get() != null) {
      throw failure.get();
    }
    int total = 0;
    for (int c : counts) {
      total += c;
    }
    long[] all = new long[total];
    int at = 0;
    for (int t = 0; t < threads; t++) {
      System.arraycopy(samples[t], 0, all, at, counts[t]);
      at += counts[t];
    }
    return Latencies.of(all, wall);
  }
}
