package io.multibroker.storage;

import java.io.File;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The default database of one runtime: an H2 file under {@code karaf.data} that flushes on every commit
 * ({@code WRITE_DELAY=0}), so that a killed process keeps what was committed; its connections are pooled (opening one
 * per write costs more than the write).
 */
public final class EmbeddedDatabase {

    private EmbeddedDatabase() {
    }

    /** A pool on the file at {@code path}, relative to {@code karaf.data} (or the temporary directory outside Karaf). */
    public static DataSource open(String path) {
        String base = System.getProperty("karaf.data", System.getProperty("java.io.tmpdir"));
        File file = new File(path).isAbsolute() ? new File(path) : new File(base, path);
        return JdbcConnectionPool.create("jdbc:h2:file:" + file.getAbsolutePath() + ";WRITE_DELAY=0", "", "");
    }

    /** Closes the pool's connections if {@code dataSource} is one this class opened, so that the file is closed cleanly. */
    public static void close(DataSource dataSource) {
        if (dataSource instanceof JdbcConnectionPool pool) {
            pool.dispose();
        }
    }
}
