package dev.weft.policy.rego.internal.builtins;

import dev.weft.policy.rego.NetworkAccess;
import dev.weft.policy.rego.value.SetValue;
import dev.weft.policy.rego.value.StringValue;
import dev.weft.policy.rego.value.Value;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;

/**
 * {@code net.lookup_ip_addr(name)}: the IPv4 and IPv6 addresses a name resolves to, cached for the
 * query; refused unless the evaluation's {@link NetworkAccess} allows the name.
 */
final class NetLookup {

  private record Key(String name) {}

  private NetLookup() {}

  static Builtin builtin() {
    return new Fn("net.lookup_ip_addr", 1, (ctx, args) -> lookup(ctx, args[0]));
  }

  private static Value lookup(BuiltinContext ctx, Value a) throws BuiltinException {
    String name = Operands.string(a, 1);
    AllowNet.check(ctx.network(), name);
    Key key = new Key(name);
    if (ctx.cache().get(key) instanceof Value cached) {
      return cached;
    }
    LinkedHashSet<Value> out = new LinkedHashSet<>();
    try {
      for (InetAddress addr : InetAddress.getAllByName(name)) {
        String text =
            GoIp.format(
                addr.getAddress().length == 4 ? v4In6(addr.getAddress()) : addr.getAddress());
        if (addr instanceof Inet6Address v6 && v6.getScopeId() != 0) {
          text +=
              "%"
                  + (v6.getScopedInterface() != null
                      ? v6.getScopedInterface().getName()
                      : Integer.toString(v6.getScopeId()));
        }
        out.add(StringValue.of(text));
      }
    } catch (UnknownHostException e) {
      throw BuiltinException.failure("lookup " + name + ": no such host");
    }
    Value result = SetValue.wrap(out);
    ctx.cache().put(key, result);
    return result;
  }

  private static byte[] v4In6(byte[] v4) {
    byte[] out = new byte[16];
    out[10] = (byte) 0xff;
    out[11] = (byte) 0xff;
    System.arraycopy(v4, 0, out, 12, 4);
    return out;
  }
}
