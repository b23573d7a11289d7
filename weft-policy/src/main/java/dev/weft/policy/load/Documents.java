package dev.weft.policy.load;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.weft.policy.PolicyException;
import dev.weft.policy.rego.value.Json;
import dev.weft.policy.rego.value.NullValue;
import dev.weft.policy.rego.value.Value;
import java.io.IOException;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Parses JSON and YAML documents into Rego values, with file:line:col in every error. */
final class Documents {

  private static final ObjectReader JSON =
      Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final ObjectReader YAML =
      YAMLMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .build()
          .reader();

  private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("^Unrecognized token '.*?':");

  /** The document formats. */
  enum Format {
    JSON,
    YAML
  }

  private Documents() {}

  /**
   * The format a file name implies ({@code .json}, {@code .yaml}, {@code .yml}; case matters, as
   * for OPA), or null when it is neither JSON nor YAML.
   */
  static Format formatOf(String name) {
    if (name.endsWith(".json")) {
      return Format.JSON;
    }
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return Format.YAML;
    }
    return null;
  }

  /**
   * Parses one document. An empty YAML document is null (as OPA reads it); an empty JSON document
   * is an error.
   *
   * @throws PolicyException naming {@code file} and the line and column of the error
   */
  static Value parse(String file, byte[] bytes, Format format) throws PolicyException {
    JsonNode node;
    try {
      node = (format == Format.JSON ? JSON : YAML).readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new PolicyException(describe(file, format, e), e);
    } catch (IOException e) {
      throw new PolicyException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    if (node == null || node.isMissingNode()) {
      if (format == Format.YAML) {
        return NullValue.NULL;
      }
      throw new PolicyException(file + ": empty file (expected: a JSON document)", null);
    }
    return Json.toValue(node);
  }

  private static String describe(String file, Format format, JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      Mark at = yaml.getProblemMark();
      String message = yaml.getProblem();
      if (yaml.getContext() != null && yaml.getContextMark() != null) {
        Mark context = yaml.getContextMark();
        message +=
            " ("
                + yaml.getContext()
                + " at "
                + (context.getLine() + 1)
                + ":"
                + (context.getColumn() + 1)
                + ")";
      }
      return file
          + ":"
          + (at.getLine() + 1)
          + ":"
          + (at.getColumn() + 1)
          + ": invalid YAML: "
          + message;
    }
    JsonLocation at = e.getLocation();
    String where = file;
    if (at != null && at.getLineNr() > 0) {
      where += ":" + at.getLineNr() + (at.getColumnNr() > 0 ? ":" + at.getColumnNr() : "");
    }
    String message = e.getOriginalMessage();
    if (message == null) {
      message = e.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline).strip();
    }
    // The token may be a secret that lost its quotes: say what is wrong, not what it was.
    message = UNRECOGNIZED_TOKEN.matcher(message).replaceFirst("Unrecognized token:");
    return where + ": invalid " + format + ": " + message;
  }
}
