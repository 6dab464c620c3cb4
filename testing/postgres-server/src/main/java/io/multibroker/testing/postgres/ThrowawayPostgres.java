package io.multibroker.testing.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL cluster of its own for one test run: {@code initdb} into a temporary directory, {@code pg_ctl start} on
 * 127.0.0.1 at a free port, a fresh database per {@link #createDatabase}, and {@link #close} stops it and deletes the
 * directory. It uses the server binaries of Debian's {@code postgresql} package, so that {@code mvn verify} needs no
 * running service and no Docker; {@code initdb} refuses to run as root, so as root it runs as the package's
 * {@code postgres} user (as the machine notes say). Durability settings are off: the tests kill runtimes, never this
 * server.
 */
public final class ThrowawayPostgres implements AutoCloseable {

    /** Where Debian installs the server; the newest major version present is taken. */
    private static final Path DEBIAN_SERVERS = Path.of("/usr/lib/postgresql");
    private static final String USER = "multibroker";
    private static final long START_TIMEOUT_SECONDS = 60;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path directory;
    private final int port;
    private final boolean asPostgresUser;

    private ThrowawayPostgres(Path bin, Path directory, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.directory = directory;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** Creates and starts a cluster for tests (durability off); fails with what to install when the binaries are missing. */
    public static ThrowawayPostgres start() {
        return start(false);
    }

    /**
     * Creates and starts a cluster; {@code durable}: every commit flushed to disk as PostgreSQL does by default (fsync,
     * synchronous commit), for measurements of commit rates.
     */
    public static ThrowawayPostgres start(boolean durable) {
        Path bin = serverBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path directory = Files.createTempDirectory("multibroker-postgres-");
            if (root) {
                UserPrincipal postgres = directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(directory, postgres);
            }
            ThrowawayPostgres server = new ThrowawayPostgres(bin, directory, freePort(), root);
            server.run("initdb", "-D", server.data().toString(), "-A", "trust", "-U", USER, "-E", "UTF8", "--no-sync");
            server.run("pg_ctl", "-D", server.data().toString(), "-l", directory.resolve("server.log").toString(), "-w",
                    "-t", String.valueOf(START_TIMEOUT_SECONDS), "-o", "-p " + server.port + " -k " + directory
                            + " -c listen_addresses=127.0.0.1 -c max_connections=200"
                            + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"), "start");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a throwaway PostgreSQL cluster", e);
        }
    }

    private static Path serverBinaries() {
        try (Stream<Path> versions = Files.isDirectory(DEBIAN_SERVERS) ? Files.list(DEBIAN_SERVERS) : Stream.empty()) {
            return versions.filter(version -> version.getFileName().toString().matches("\\d+"))
                    .max(Comparator.comparing(version -> Integer.parseInt(version.getFileName().toString())))
                    .map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server under " + DEBIAN_SERVERS
                            + ": these tests need Debian's postgresql package (apt-get install -y postgresql; .ci/run installs it)"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + DEBIAN_SERVERS, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private Path data() {
        return directory.resolve("data");
    }

    private void run(String program, String... arguments) {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(arguments));
        try {
            Path output = Files.createTempFile(directory, program, ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(START_TIMEOUT_SECONDS * 2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(program + " did not finish in " + START_TIMEOUT_SECONDS * 2 + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(program + " failed (" + process.exitValue() + "): " + Files.readString(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + program, e);
        }
    }

    public int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    /** The JDBC URL of one database of this cluster. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A new empty database with a name of its own, and a DataSource for it. */
    public String createDatabase(String prefix) {
        String name = (prefix + "_" + DATABASES.incrementAndGet()).toLowerCase().replaceAll("[^a-z0-9_]", "_");
        try (Connection connection = dataSource("postgres").getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the database " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    public DataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl(database));
        dataSource.setUser(USER);
        return dataSource;
    }

    /** Stops the server at once (the data is thrown away) and deletes its directory. */
    @Override
    public void close() {
        try {
            run("pg_ctl", "-D", data().toString(), "-m", "immediate", "-w", "stop");
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + directory, e);
            }
        }
    }
}
