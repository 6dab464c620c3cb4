package io.multibroker.risk;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * A properties file of the risk layer's kept state, written atomically: to a temporary file that is synced and then moved
 * over the old one, so that a crash leaves the old or the new file, never half of one.
 */
final class StoredProperties {

    private StoredProperties() {
    }

    /** The file's properties; empty when there is no file. */
    static Properties read(Path file) throws IOException {
        Properties stored = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                stored.load(in);
            }
        }
        return stored;
    }

    static void write(Path file, Properties properties, String comment) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            properties.store(out, comment);
            if (out instanceof FileOutputStream fileOut) {
                fileOut.getFD().sync();
            }
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
