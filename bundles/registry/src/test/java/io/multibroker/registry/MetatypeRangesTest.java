package io.multibroker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetatypeRangesTest {

    @Test
    void theRangesOfTheRegistrysOwnSettingsAreReadFromTheDocumentBndWrote() throws Exception {
        try (InputStream document = getClass().getResourceAsStream("/OSGI-INF/metatype/io.multibroker.registry.xml")) {
            Map<String, MetatypeRanges.Range> ranges = MetatypeRanges.read(document, BrokerRegistryImpl.PID);
            assertEquals(new MetatypeRanges.Range("1", "3600"), ranges.get("health.interval.seconds"));
            assertEquals(new MetatypeRanges.Range("1", null), ranges.get("degraded.latency.ms"));
            assertEquals(new MetatypeRanges.Range("0", "1"), ranges.get("error.rate.threshold"));
        }
    }

    @Test
    void onlyTheNamedObjectClassCountsAndAttributesWithoutBoundsAreLeftOut() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <metatype:MetaData xmlns:metatype="http://www.osgi.org/xmlns/metatype/v1.4.0">
                  <OCD id="other" name="Other"><AD id="a" type="Integer" min="5"/></OCD>
                  <OCD id="wanted" name="Wanted">
                    <AD id="a" type="Integer" max="9"/>
                    <AD id="b" type="String"/>
                  </OCD>
                </metatype:MetaData>
                """;
        Map<String, MetatypeRanges.Range> ranges = MetatypeRanges.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "wanted");
        assertEquals(Map.of("a", new MetatypeRanges.Range(null, "9")), ranges);
        assertTrue(MetatypeRanges.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "missing").isEmpty());
    }
}
