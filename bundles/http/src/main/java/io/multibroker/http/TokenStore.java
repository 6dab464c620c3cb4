package io.multibroker.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API tokens, kept in one file (mode 600) as salted SHA-256 hashes: a token is shown once, when it is created, and
 * never stored. A token is {@code mbt_<id>.<secret>}: the id finds its entry, the 256-bit random secret proves it.
 *
 * <p>Why SHA-256 and not bcrypt: a password is guessable, so its hash must be slow; a 256-bit random secret cannot be
 * guessed at any speed, so a fast hash loses nothing, and every API request can be checked in a microsecond. The salt
 * keeps two stores' hashes of one token apart. The comparison takes the same time whatever matches.
 */
public final class TokenStore {

    private static final Pattern TOKEN = Pattern.compile("mbt_([0-9a-f]{16})\\.([A-Za-z0-9_-]{43})");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** One stored token: everything but the token. */
    record Entry(String id, String name, String role, String salt, String hash, Instant createdAt) {
    }

    private final Path file;
    private final Clock clock;
    private final ObjectMapper json;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> byId = new LinkedHashMap<>();
    /** The ids of the tokens in force, read without the lock by every event stream's write (a save holds the lock for I/O). */
    private volatile Set<String> activeIds = Set.of();
    /** Told after a token is revoked: open event streams of its holder are closed then, not at their next event. */
    private final List<Runnable> revocationListeners = new CopyOnWriteArrayList<>();

    public TokenStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        this.json = Json.mapper();
        load();
    }

    private synchronized void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            List<Entry> entries = json.readValue(file.toFile(), new TypeReference<List<Entry>>() { });
            entries.forEach(entry -> byId.put(entry.id(), entry));
            activeIds = Set.copyOf(byId.keySet());
        } catch (IOException e) {
            throw new UncheckedIOException("the API token file " + file + " cannot be read", e);
        }
    }

    /** Creates a token; the answer is the only time the token is seen. */
    public synchronized String create(String name, Role role) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("token name " + name + " must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (byId.values().stream().anyMatch(entry -> entry.name().equals(name))) {
            throw new IllegalArgumentException("a token named " + name + " exists already: revoke it first");
        }
        byte[] idBytes = new byte[8];
        byte[] secretBytes = new byte[32];
        byte[] salt = new byte[16];
        random.nextBytes(idBytes);
        random.nextBytes(secretBytes);
        random.nextBytes(salt);
        String id = HexFormat.of().formatHex(idBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        Entry entry = new Entry(id, name, role.id(), Base64.getEncoder().encodeToString(salt), hash(salt, secret), clock.instant());
        byId.put(id, entry);
        activeIds = Set.copyOf(byId.keySet());
        save();
        return "mbt_" + id + "." + secret;
    }

    public synchronized List<TokenInfo> list() {
        List<TokenInfo> tokens = new ArrayList<>();
        byId.values().forEach(entry -> tokens.add(info(entry)));
        return tokens;
    }

    /** Revokes the token of this name or id; false when there is none. */
    public boolean revoke(String nameOrId) {
        boolean revoked;
        synchronized (this) {
            Optional<Entry> found = byId.values().stream()
                    .filter(entry -> entry.name().equals(nameOrId) || entry.id().equals(nameOrId)).findFirst();
            found.ifPresent(entry -> {
                byId.remove(entry.id());
                activeIds = Set.copyOf(byId.keySet());
                save();
            });
            revoked = found.isPresent();
        }
        if (revoked) {
            revocationListeners.forEach(Runnable::run);
        }
        return revoked;
    }

    /** Whether the token of this id is still in force (not revoked). */
    public boolean active(String id) {
        return activeIds.contains(id);
    }

    /** Runs the listener after each revocation, until it is removed. */
    public void onRevocation(Runnable listener) {
        revocationListeners.add(listener);
    }

    public void removeRevocationListener(Runnable listener) {
        revocationListeners.remove(listener);
    }

    /** The token's holder, or empty when it is malformed, unknown or revoked. */
    public Optional<TokenInfo> authenticate(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Matcher parts = TOKEN.matcher(token);
        if (!parts.matches()) {
            return Optional.empty();
        }
        Entry entry;
        synchronized (this) {
            entry = byId.get(parts.group(1));
        }
        if (entry == null) {
            return Optional.empty();
        }
        byte[] expected = entry.hash().getBytes(StandardCharsets.US_ASCII);
        byte[] given = hash(Base64.getDecoder().decode(entry.salt()), parts.group(2)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Optional.of(info(entry)) : Optional.empty();
    }

    private static TokenInfo info(Entry entry) {
        return new TokenInfo(entry.id(), entry.name(), Role.of(entry.role()), entry.createdAt());
    }

    private static String hash(byte[] salt, String secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            digest.update(secret.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Written to a file beside it and moved over it, so that a crash leaves the old file or the new one, readable only by us. */
    private void save() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.deleteIfExists(next);
            try {
                Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(next);
            }
            Files.write(next, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(new ArrayList<>(byId.values())));
            try {
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the API token file " + file + " cannot be written", e);
        }
    }
}
