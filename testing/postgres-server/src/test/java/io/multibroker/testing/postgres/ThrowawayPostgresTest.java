package io.multibroker.testing.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class ThrowawayPostgresTest {

    @Test
    void aClusterOfItsOwnServesSeparateDatabasesOnLoopbackAndIsGoneAfterClose() throws Exception {
        int port;
        try (ThrowawayPostgres server = ThrowawayPostgres.start()) {
            port = server.port();
            String first = server.createDatabase("First");
            String second = server.createDatabase("first");
            assertNotEquals(first, second);
            try (Connection connection = server.dataSource(first).getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t (id INT)");
                statement.execute("INSERT INTO t VALUES (7)");
                try (ResultSet rows = statement.executeQuery("SELECT current_setting('listen_addresses'), "
                        + "pg_current_xact_id() IS NOT NULL, (SELECT SUM(id) FROM t)")) {
                    assertTrue(rows.next());
                    assertEquals("127.0.0.1", rows.getString(1));
                    assertTrue(rows.getBoolean(2), "the commit-order functions the stores rely on exist");
                    assertEquals(7, rows.getInt(3));
                }
            }
            try (Connection connection = server.dataSource(second).getConnection(); Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM pg_tables WHERE tablename = 't'")) {
                assertTrue(rows.next());
                assertEquals(0, rows.getInt(1), "each database starts empty");
            }
        }
        int stopped = port;
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), stopped).close());
    }
}
