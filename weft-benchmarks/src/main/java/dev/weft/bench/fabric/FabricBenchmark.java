package dev.weft.bench.fabric;

import dev.weft.bench.Environment;
import dev.weft.bench.Flags;
import java.io.PrintStream;

/**
 * {@code scripts/bench fabric}: Weft's fabric and NATS side by side, and the wire comparison. Each
 * figure is one line starting with {@code fabric}; lines starting with {@code #} are context.
 */
public final class FabricBenchmark {
  private FabricBenchmark() {}

  /** Runs the parts chosen by {@code --only} (default all) and prints their lines. */
  public static void run(Flags flags, PrintStream out) throws Exception {
    Settings settings = Settings.read(flags);
    flags.rejectUnknown();
    Environment.print(
        out,
        "fabric: Weft's fabric vs nats-server, mutual TLS on loopback, "
            + settings.bodyBytes()
            + "-byte messages");
    if (settings.parts().contains("wire")) {
      WireComparison.run(settings, out);
    }
    SideResults nats =
        settings.parts().contains("nats") ? NatsSide.measure(settings, out) : SideResults.NONE;
    SideResults weft =
        settings.parts().contains("weft") ? WeftSide.measure(settings, out) : SideResults.NONE;
    print(out, weft, nats);
    Environment.printEnd(out);
  }

  static void print(PrintStream out, SideResults weft, SideResults nats) {
    if (weft.msgsPerSecond() != null || nats.msgsPerSecond() != null) {
      out.println(
          new Line("pubsub-mtls")
              .whole("weft_msgs_per_s", weft.msgsPerSecond())
              .whole("nats_msgs_per_s", nats.msgsPerSecond())
              .ratio(weft.msgsPerSecond(), nats.msgsPerSecond()));
    }
    if (weft.p50Micros() != null || nats.p50Micros() != null) {
      out.println(
          new Line("reqrep-mtls")
              .decimal("weft_p50_us", weft.p50Micros())
              .decimal("nats_p50_us", nats.p50Micros())
              .decimal("weft_p99_us", weft.p99Micros())
              .decimal("nats_p99_us", nats.p99Micros())
              .ratio(weft.p50Micros(), nats.p50Micros()));
    }
    if (weft.twoNodeP50Micros() != null) {
      // The target compares two Weft nodes in two trust domains with one NATS server.
      out.println(
          new Line("reqrep-2node-mtls")
              .decimal("weft_p50_us", weft.twoNodeP50Micros())
              .decimal("weft_p99_us", weft.twoNodeP99Micros())
              .decimal("nats_1node_p50_us", nats.p50Micros())
              .ratio(weft.twoNodeP50Micros(), nats.p50Micros()));
    }
    if (weft.bytesPerThousandConnections() != null || nats.bytesPerThousandConnections() != null) {
      out.println(
          new Line("memory-idle-connections")
              .text("per", "1000")
              .whole("weft_bytes", weft.bytesPerThousandConnections())
              .whole("nats_bytes", nats.bytesPerThousandConnections())
              .ratio(weft.bytesPerThousandConnections(), nats.bytesPerThousandConnections()));
    }
    if (weft.bytesPerHundredThousandSubscriptions() != null
        || nats.bytesPerHundredThousandSubscriptions() != null) {
      out.println(
          new Line("memory-subscriptions")
              .text("per", "100000")
              .whole("weft_bytes", weft.bytesPerHundredThousandSubscriptions())
              .whole("nats_bytes", nats.bytesPerHundredThousandSubscriptions())
              .ratio(
                  weft.bytesPerHundredThousandSubscriptions(),
                  nats.bytesPerHundredThousandSubscriptions()));
    }
  }
}
