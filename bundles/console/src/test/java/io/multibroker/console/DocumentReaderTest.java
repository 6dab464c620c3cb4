package io.multibroker.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.config.InvalidConfigurationException;
import io.multibroker.api.error.StandardBrokerError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentReaderTest {

    @TempDir
    Path directory;

    private String refusal(Path file) {
        return assertThrows(StandardBrokerError.class, () -> DocumentReader.read(BrokerCommand.JSON, file)).detail().message();
    }

    @Test
    void aMissingFileIsNamedAsNotFound() {
        Path file = directory.resolve("x/y.json");
        assertEquals("file " + file + ": not found", refusal(file));
    }

    @Test
    void malformedJsonIsPlacedByLineAndColumn() throws Exception {
        Path file = Files.writeString(directory.resolve("a.json"), "{\n  \"format\": 1,\n  \"accounts\": [ ,\n}");
        assertEquals("file " + file + ": not valid JSON at line 3 column 17: Unexpected character (',' (code 44)): expected a valid value",
                refusal(file));
    }

    @Test
    void jsonOfAnotherShapeIsNotAConfigurationDocument() throws Exception {
        Path file = Files.writeString(directory.resolve("b.json"), "{\"format\": 1, \"accounts\": \"none\"}");
        String message = refusal(file);
        assertEquals(true, message.startsWith("file " + file + ": not a configuration document at line 1 column 27: "), message);
        assertEquals(true, message.endsWith("(at accounts)"), message);
    }

    @Test
    void violationsNameTheKeyTheValueTheRuleAndTheAccount() {
        assertEquals("seed: \"x\" must be a whole number (account paper-fast)",
                DocumentReader.describe(new ConfigurationViolation("paper-fast/seed", "x", "must be a whole number")));
        assertEquals("arms: \"gone=50\" no account gone is registered (experiment demo)",
                DocumentReader.describe(new ConfigurationViolation("experiment:demo/arms", "gone=50", "no account gone is registered")));
        assertEquals("max.order.units: \"-5\" must be positive (the risk settings)",
                DocumentReader.describe(new ConfigurationViolation("risk:/max.order.units", "-5", "must be positive")));
        assertEquals("max.open.orders: \"x\" must be a whole number (risk-account paper-fast)",
                DocumentReader.describe(new ConfigurationViolation("risk-account:paper-fast/max.open.orders", "x", "must be a whole number")));
        assertEquals("import refused, nothing was changed:" + System.lineSeparator() + "  format: \"2\" this runtime reads format 1",
                DocumentReader.describe(new InvalidConfigurationException("import", List.of(
                        new ConfigurationViolation("format", "2", "this runtime reads format 1")))));
    }
}
