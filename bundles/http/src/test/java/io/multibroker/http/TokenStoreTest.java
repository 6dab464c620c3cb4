package io.multibroker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreTest {

    @TempDir
    Path dir;

    @Test
    void aTokenIsShownOnceStoredOnlyAsASaltedHashAndEndsWhenRevoked() throws Exception {
        Path file = dir.resolve("tokens.json");
        TokenStore store = new TokenStore(file, Clock.systemUTC());
        String token = store.create("bot", Role.TRADER);
        assertTrue(token.matches("mbt_[0-9a-f]{16}\\.[A-Za-z0-9_-]{43}"), token);
        assertEquals(Role.TRADER, store.authenticate(token).orElseThrow().role());
        String stored = Files.readString(file);
        assertFalse(stored.contains(token.substring(token.indexOf('.') + 1)), "the secret is in the file");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        // another store reading the file knows the token: it survives a restart
        assertTrue(new TokenStore(file, Clock.systemUTC()).authenticate(token).isPresent());
        char last = token.charAt(token.length() - 1);
        assertTrue(store.authenticate(token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A')).isEmpty());
        assertTrue(store.authenticate("Bearer " + token).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> store.create("bot", Role.ADMIN));
        String id = store.authenticate(token).orElseThrow().id();
        assertTrue(store.active(id));
        List<String> told = new ArrayList<>();
        store.onRevocation(() -> told.add("revoked, active " + store.active(id)));
        assertTrue(store.revoke("bot"));
        assertEquals(List.of("revoked, active false"), told, "the open streams are told after the token is gone");
        assertFalse(store.revoke("bot"));
        assertEquals(1, told.size(), "nothing revoked, nobody told");
        assertTrue(store.authenticate(token).isEmpty());
        assertTrue(new TokenStore(file, Clock.systemUTC()).authenticate(token).isEmpty());
    }

    @Test
    void rolesIncludeTheOnesBelow() {
        assertTrue(Role.ADMIN.includes(Role.TRADER) && Role.TRADER.includes(Role.VIEWER));
        assertFalse(Role.VIEWER.includes(Role.TRADER) || Role.TRADER.includes(Role.ADMIN));
    }
}
