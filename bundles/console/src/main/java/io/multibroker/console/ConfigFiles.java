package io.multibroker.console;

import java.nio.file.Path;

/** Where the configuration commands read and write files: relative paths are taken from the runtime's base directory. */
final class ConfigFiles {

    private ConfigFiles() {
    }

    static Path resolve(String file) {
        Path path = Path.of(file);
        String base = System.getProperty("karaf.base");
        return path.isAbsolute() || base == null ? path.toAbsolutePath() : Path.of(base).resolve(path);
    }
}
