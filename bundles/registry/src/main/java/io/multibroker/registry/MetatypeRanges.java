package io.multibroker.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.osgi.framework.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The minimum and maximum of each attribute of an object class. The Metatype Java API (1.4) has no getter for them; the
 * Metatype document a bundle carries ({@code OSGI-INF/metatype/*.xml}, the format the Metatype specification defines and
 * bnd writes from {@code @AttributeDefinition(min, max)}) has them as the {@code min} and {@code max} of each {@code AD}.
 * They are read from there, so that a violation can say "must be at least 0" and {@code broker:config-schema} can print
 * the range.
 */
final class MetatypeRanges {

    /** An attribute's bounds as written, either of them null. */
    record Range(String min, String max) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(MetatypeRanges.class);
    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    private MetatypeRanges() {
    }

    /** The ranges of the object class {@code ocdId} in the bundle's Metatype documents, by attribute id. */
    static Map<String, Range> of(Bundle bundle, String ocdId) {
        Enumeration<URL> documents = bundle.findEntries("OSGI-INF/metatype", "*.xml", false);
        if (documents == null) {
            return Map.of();
        }
        for (URL document : Collections.list(documents)) {
            try (InputStream in = document.openStream()) {
                Map<String, Range> ranges = read(in, ocdId);
                if (!ranges.isEmpty()) {
                    return ranges;
                }
            } catch (IOException | XMLStreamException e) {
                LOG.warn("cannot read the Metatype document {}: {}", document, e.toString());
            }
        }
        return Map.of();
    }

    /** The ranges of the object class {@code ocdId} in one Metatype document; empty when it has none or no such class. */
    static Map<String, Range> read(InputStream document, String ocdId) throws XMLStreamException {
        Map<String, Range> ranges = new HashMap<>();
        XMLStreamReader reader = XML.createXMLStreamReader(document);
        try {
            boolean inside = false;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamReader.START_ELEMENT && reader.getLocalName().equals("OCD")) {
                    inside = ocdId.equals(reader.getAttributeValue(null, "id"));
                } else if (event == XMLStreamReader.END_ELEMENT && reader.getLocalName().equals("OCD")) {
                    inside = false;
                } else if (inside && event == XMLStreamReader.START_ELEMENT && reader.getLocalName().equals("AD")) {
                    String min = reader.getAttributeValue(null, "min");
                    String max = reader.getAttributeValue(null, "max");
                    if (min != null || max != null) {
                        ranges.put(reader.getAttributeValue(null, "id"), new Range(min, max));
                    }
                }
            }
        } finally {
            reader.close();
        }
        return ranges;
    }
}
