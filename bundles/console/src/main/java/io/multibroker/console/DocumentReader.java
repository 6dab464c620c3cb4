package io.multibroker.console;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multibroker.api.config.ConfigurationDocument;
import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.config.InvalidConfigurationException;
import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a configuration document for {@code broker:config-import}, and puts every way it can be wrong in an
 * operator's words: which file, where in it, and what rule (not Jackson's internal text or a bare
 * {@code For input string}).
 */
final class DocumentReader {

    private DocumentReader() {
    }

    static ConfigurationDocument read(ObjectMapper json, Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw refused(file, "not found");
        } catch (AccessDeniedException e) {
            throw refused(file, "not readable (permission denied)");
        } catch (IOException e) {
            throw refused(file, Files.isDirectory(file) ? "is a directory" : "cannot be read: " + e.getMessage());
        }
        try {
            // syntax first: read as a document, Jackson reports a syntax error as a mapping error
            json.readTree(text);
        } catch (JsonProcessingException e) {
            throw refused(file, "not valid JSON" + where(e.getLocation()) + ": " + shortReason(e));
        }
        try {
            ConfigurationDocument document = json.readValue(text, ConfigurationDocument.class);
            if (document == null) {
                throw refused(file, "is empty");
            }
            return document;
        } catch (JsonMappingException e) {
            throw refused(file, "not a configuration document" + where(e.getLocation()) + ": " + shortReason(e) + path(e));
        } catch (JsonProcessingException e) {
            throw refused(file, "not a configuration document" + where(e.getLocation()) + ": " + shortReason(e));
        }
    }

    /** The violations of a refused document, one per line: {@code seed: "x" must be a whole number (account paper-fast)}. */
    static String describe(InvalidConfigurationException refused) {
        return "import refused, nothing was changed:" + System.lineSeparator() + refused.violations().stream()
                .map(DocumentReader::describe).map(line -> "  " + line).collect(Collectors.joining(System.lineSeparator()));
    }

    static String describe(ConfigurationViolation violation) {
        String key = violation.key();
        String subject = "";
        int slash = key.indexOf('/');
        if (slash > 0) {
            subject = " (" + owner(key.substring(0, slash)) + ")";
            key = key.substring(slash + 1);
        }
        return key + ": " + (violation.value() == null ? "" : "\"" + violation.value() + "\" ") + violation.rule() + subject;
    }

    /**
     * Who a violation is about: an account (its id alone), an experiment, or a configuration of another kind
     * ({@code <kind>:<name>}, or {@code <kind>:} for a kind with a single configuration).
     */
    private static String owner(String owner) {
        int colon = owner.indexOf(':');
        if (colon < 0) {
            return "account " + owner;
        }
        String kind = owner.substring(0, colon);
        String name = owner.substring(colon + 1);
        return name.isEmpty() ? "the " + kind + " settings" : kind + " " + name;
    }

    private static StandardBrokerError refused(Path file, String why) {
        return new StandardBrokerError(ErrorCode.CONFIGURATION_INVALID, "file " + file + ": " + why);
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? "" : " at line " + location.getLineNr() + " column " + location.getColumnNr();
    }

    /** Jackson's first sentence, without the source excerpt and location it appends. */
    private static String shortReason(JsonProcessingException e) {
        String reason = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        int newline = reason.indexOf('\n');
        reason = newline >= 0 ? reason.substring(0, newline) : reason;
        for (String noise : new String[] {" (for ", " (JSON String, Number"}) {
            int detail = reason.indexOf(noise);
            reason = detail > 0 ? reason.substring(0, detail) : reason;
        }
        return reason;
    }

    private static String path(JsonMappingException e) {
        List<JsonMappingException.Reference> path = e.getPath();
        if (path.isEmpty()) {
            return "";
        }
        return " (at " + path.stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[") + ")";
    }
}
