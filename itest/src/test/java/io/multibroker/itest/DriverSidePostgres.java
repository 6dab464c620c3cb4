package io.multibroker.itest;

import io.multibroker.testing.postgres.ThrowawayPostgres;

/**
 * The throwaway PostgreSQL of the test driver's JVM (started on first use, stopped when that JVM exits). Tests name it
 * only from their {@code @Configuration} method, which Pax Exam runs in the driver: the test class itself is loaded in
 * the container too, where this class's server type is not to be seen.
 */
final class DriverSidePostgres {

    private static ThrowawayPostgres server;

    private DriverSidePostgres() {
    }

    /** A new database of the server: its JDBC URL and the user to log in as (trusted on loopback). */
    static synchronized String[] newDatabase(String prefix) {
        if (server == null) {
            server = ThrowawayPostgres.start();
            ThrowawayPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "postgres-itest-stop"));
        }
        return new String[] {server.jdbcUrl(server.createDatabase(prefix)), server.user()};
    }
}
