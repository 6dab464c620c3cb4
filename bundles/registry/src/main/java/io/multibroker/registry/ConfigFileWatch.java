package io.multibroker.registry;

import io.multibroker.api.config.ConfigurationViolation;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notices an account's {@code etc/*.cfg} that cannot be parsed at all (a malformed {@code \\u} escape). FileInstall logs such
 * a file and skips it: its content never reaches ConfigAdmin, so the guard never sees it, and the account would stay
 * UP on its previous configuration without a word. This re-reads the file (with {@link Properties} semantics, which
 * FileInstall's .cfg reader follows for escapes) whenever its modification time changes; the guard keeps the parse error as
 * the configuration's refusal (the account DEGRADED, with the file and the error as the reason) until the file parses again.
 */
final class ConfigFileWatch {

    private record Seen(FileTime modified, Optional<String> problem) {
    }

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    /** The file FileInstall names in a configuration ({@code felix.fileinstall.filename}, a file: URI). */
    static Path path(Object fileInstallName) {
        return Path.of(URI.create(String.valueOf(fileInstallName)));
    }

    /**
     * Checks the file behind an account's configuration when it changed since the last check.
     *
     * @return the violation naming the file and its parse error while it cannot be parsed; empty otherwise
     */
    Optional<ConfigurationViolation> check(String accountId, Path file) {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
        } catch (IOException gone) {
            // a removed file removes its configuration: ConfigAdmin's deletion says the rest
            forget(accountId);
            return Optional.empty();
        }
        Seen before = seen.get(accountId);
        if (before != null && before.modified().equals(modified)) {
            return before.problem().map(problem -> violation(file, problem));
        }
        Optional<String> problem = problem(file);
        seen.put(accountId, new Seen(modified, problem));
        return problem.map(p -> violation(file, p));
    }

    /** Whether the last check found the account's file unparseable. */
    boolean failing(String accountId) {
        Seen last = seen.get(accountId);
        return last != null && last.problem().isPresent();
    }

    void forget(String accountId) {
        seen.remove(accountId);
    }

    static Optional<String> problem(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            new Properties().load(reader);
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static ConfigurationViolation violation(Path file, String problem) {
        return new ConfigurationViolation(FILE, file.toString(), UNPARSEABLE + problem);
    }

    /** How an account's health says why it runs on an earlier configuration. */
    static String reason(List<ConfigurationViolation> refusal) {
        if (refusal.size() == 1 && FILE.equals(refusal.get(0).key()) && refusal.get(0).rule().startsWith(UNPARSEABLE)) {
            ConfigurationViolation unparseable = refusal.get(0);
            return "file " + Path.of(unparseable.value()).getFileName() + " cannot be parsed ("
                    + unparseable.rule().substring(UNPARSEABLE.length()) + "); FileInstall skipped it, the account runs on its last valid configuration";
        }
        return "configuration refused, running on the last valid one: " + refusal;
    }

    private static final String FILE = "file";
    private static final String UNPARSEABLE = "cannot be parsed: ";
}
