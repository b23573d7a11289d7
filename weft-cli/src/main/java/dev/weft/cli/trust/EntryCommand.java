package dev.weft.cli.trust;

import dev.weft.cli.CliException;
import dev.weft.proto.trust.v1.CreateEntryRequest;
import dev.weft.proto.trust.v1.DeleteEntryRequest;
import dev.weft.proto.trust.v1.Entry;
import dev.weft.proto.trust.v1.GetEntryRequest;
import dev.weft.proto.trust.v1.ListEntriesRequest;
import dev.weft.proto.trust.v1.UpdateEntryRequest;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code weft trust entry create|show|update|delete}. */
@Command(
    name = "entry",
    mixinStandardHelpOptions = true,
    description = "Manage registration entries.",
    subcommands = {
      EntryCommand.Create.class,
      EntryCommand.Show.class,
      EntryCommand.Update.class,
      EntryCommand.Delete.class
    })
public final class EntryCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The fields of an entry as flags; unset flags are null. */
  static final class Fields {
    @Option(names = "--spiffe-id", paramLabel = "ID", description = "SPIFFE ID the workload gets.")
    String spiffeId;

    @Option(
        names = "--parent-id",
        paramLabel = "ID",
        description = "SPIFFE ID of the agent (or parent entry) that may issue it.")
    String parentId;

    @Option(
        names = "--selector",
        paramLabel = "TYPE:VALUE",
        description = "Workload selector, e.g. unix:uid:1000 (repeatable; all must match).")
    List<String> selectors;

    @Option(
        names = "--ttl",
        paramLabel = "DURATION",
        converter = CliDurations.class,
        description = "X.509-SVID lifetime (seconds, 1h, 30m, PT1H; 0 = server default).")
    Duration ttl;

    @Option(
        names = "--jwt-ttl",
        paramLabel = "DURATION",
        converter = CliDurations.class,
        description = "JWT-SVID lifetime (0 = server default).")
    Duration jwtTtl;

    @Option(
        names = "--dns",
        paramLabel = "NAME",
        description = "DNS name for the X.509-SVID (repeatable).")
    List<String> dnsNames;

    @Option(
        names = "--federates-with",
        paramLabel = "TRUST_DOMAIN",
        description = "Trust domain whose bundle the workload receives (repeatable).")
    List<String> federatesWith;

    @Option(
        names = "--admin",
        negatable = true,
        description = "Whether the workload may use the admin API.")
    Boolean admin;

    @Option(names = "--hint", paramLabel = "TEXT", description = "Hint shown to the workload.")
    String hint;

    /** Applies the given flags onto {@code base}; lists given on the command line replace. */
    Entry applyTo(Entry base) {
      Entry.Builder b = base.toBuilder();
      if (spiffeId != null) {
        b.setSpiffeId(spiffeId);
      }
      if (parentId != null) {
        b.setParentId(parentId);
      }
      if (selectors != null) {
        b.clearSelectors().addAllSelectors(selectors);
      }
      if (ttl != null) {
        b.setX509SvidTtlSeconds(ttl.toSeconds());
      }
      if (jwtTtl != null) {
        b.setJwtSvidTtlSeconds(jwtTtl.toSeconds());
      }
      if (dnsNames != null) {
        b.clearDnsNames().addAllDnsNames(dnsNames);
      }
      if (federatesWith != null) {
        b.clearFederatesWith().addAllFederatesWith(federatesWith);
      }
      if (admin != null) {
        b.setAdmin(admin);
      }
      if (hint != null) {
        b.setHint(hint);
      }
      return b.build();
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a registration entry.")
  static final class Create implements Callable<Integer> {
    @Mixin AdminOptions adminOptions;
    @Mixin OutputOptions output;

    @ArgGroup(exclusive = false, heading = "Entry fields:%n")
    Fields fields = new Fields();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws CliException {
      if (fields.spiffeId == null || fields.parentId == null || fields.selectors == null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "entry create needs --spiffe-id, --parent-id and at least one --selector");
      }
      Entry entry = fields.applyTo(Entry.getDefaultInstance());
      try (AdminOptions.Connection c = adminOptions.connect()) {
        Entry created =
            c.admin().createEntry(CreateEntryRequest.newBuilder().setEntry(entry).build());
        EntryPrinter.print(spec.commandLine().getOut(), output, List.of(created), false);
      }
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show registration entries (all, or those matching every filter).")
  static final class Show implements Callable<Integer> {
    @Mixin AdminOptions adminOptions;
    @Mixin OutputOptions output;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--id", paramLabel = "ENTRY_ID", description = "Only the entry with this ID.")
    String id;

    @Option(
        names = "--spiffe-id",
        paramLabel = "ID",
        description = "Only entries with this SPIFFE ID.")
    String spiffeId;

    @Option(
        names = "--parent-id",
        paramLabel = "ID",
        description = "Only entries with this parent ID.")
    String parentId;

    @Option(
        names = "--selector",
        paramLabel = "TYPE:VALUE",
        description = "Only entries carrying this selector (repeatable).")
    List<String> selectors = List.of();

    @Override
    public Integer call() throws CliException {
      try (AdminOptions.Connection c = adminOptions.connect()) {
        List<Entry> entries;
        if (id != null) {
          entries = List.of(c.admin().getEntry(GetEntryRequest.newBuilder().setId(id).build()));
        } else {
          ListEntriesRequest.Builder req =
              ListEntriesRequest.newBuilder().addAllSelectors(selectors);
          if (spiffeId != null) {
            req.setSpiffeId(spiffeId);
          }
          if (parentId != null) {
            req.setParentId(parentId);
          }
          entries = c.admin().listEntries(req.build()).getEntriesList();
        }
        EntryPrinter.print(spec.commandLine().getOut(), output, entries);
      }
      return 0;
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description = "Update a registration entry; flags not given keep their value.")
  static final class Update implements Callable<Integer> {
    @Mixin AdminOptions adminOptions;
    @Mixin OutputOptions output;

    @ArgGroup(exclusive = false, heading = "Entry fields:%n")
    Fields fields = new Fields();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--id",
        required = true,
        paramLabel = "ENTRY_ID",
        description = "ID of the entry to update.")
    String id;

    @Override
    public Integer call() throws CliException {
      try (AdminOptions.Connection c = adminOptions.connect()) {
        Entry current = c.admin().getEntry(GetEntryRequest.newBuilder().setId(id).build());
        Entry updated =
            c.admin()
                .updateEntry(
                    UpdateEntryRequest.newBuilder().setEntry(fields.applyTo(current)).build());
        EntryPrinter.print(spec.commandLine().getOut(), output, List.of(updated), false);
      }
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a registration entry.")
  static final class Delete implements Callable<Integer> {
    @Mixin AdminOptions adminOptions;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--id",
        required = true,
        paramLabel = "ENTRY_ID",
        description = "ID of the entry to delete.")
    String id;

    @Override
    public Integer call() throws CliException {
      try (AdminOptions.Connection c = adminOptions.connect()) {
        c.admin().deleteEntry(DeleteEntryRequest.newBuilder().setId(id).build());
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("Deleted entry " + id);
      out.flush();
      return 0;
    }
  }
}
