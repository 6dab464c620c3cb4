package io.multibroker.registry;

import io.multibroker.api.config.AttributeSchema;
import io.multibroker.api.config.AttributeType;
import io.multibroker.api.config.ConfigurationSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Reads a bundle's Metatype definition of a (factory) PID into the API's {@link ConfigurationSchema}, through the standard
 * {@link MetaTypeService} API; the ranges, which that API does not expose, come from the bundle's Metatype document
 * ({@link MetatypeRanges}).
 */
final class MetatypeSchemas {

    private MetatypeSchemas() {
    }

    static Optional<ConfigurationSchema> read(MetaTypeService metaType, Bundle bundle, String pid) {
        MetaTypeInformation information = bundle == null ? null : metaType.getMetaTypeInformation(bundle);
        if (information == null || !(contains(information.getFactoryPids(), pid) || contains(information.getPids(), pid))) {
            return Optional.empty();
        }
        ObjectClassDefinition ocd = information.getObjectClassDefinition(pid, null);
        return Optional.of(schema(pid, ocd, MetatypeRanges.of(bundle, ocd.getID())));
    }

    static ConfigurationSchema schema(String pid, ObjectClassDefinition ocd, Map<String, MetatypeRanges.Range> ranges) {
        Set<String> requiredIds = new HashSet<>();
        AttributeDefinition[] required = ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED);
        if (required != null) {
            Arrays.stream(required).forEach(a -> requiredIds.add(a.getID()));
        }
        List<AttributeSchema> attributes = new ArrayList<>();
        AttributeDefinition[] all = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        for (AttributeDefinition definition : all == null ? new AttributeDefinition[0] : all) {
            String[] defaults = definition.getDefaultValue();
            String defaultValue = defaults == null || defaults.length == 0 ? null : String.join(",", defaults);
            boolean mandatory = requiredIds.contains(definition.getID()) && defaultValue == null;
            MetatypeRanges.Range range = ranges.getOrDefault(definition.getID(), new MetatypeRanges.Range(null, null));
            attributes.add(new AttributeSchema(definition.getID(), definition.getName(), definition.getDescription(),
                    type(definition.getType()), mandatory, defaultValue,
                    definition.getOptionValues() == null ? List.of() : List.of(definition.getOptionValues()),
                    range.min(), range.max(), definition.getCardinality()));
        }
        return new ConfigurationSchema(pid, ocd.getName(), ocd.getDescription(), attributes);
    }

    private static boolean contains(String[] values, String wanted) {
        return values != null && Arrays.asList(values).contains(wanted);
    }

    static AttributeType type(int metatype) {
        return switch (metatype) {
            case AttributeDefinition.LONG -> AttributeType.LONG;
            case AttributeDefinition.INTEGER, AttributeDefinition.SHORT, AttributeDefinition.BYTE -> AttributeType.INTEGER;
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> AttributeType.DOUBLE;
            case AttributeDefinition.BOOLEAN -> AttributeType.BOOLEAN;
            case AttributeDefinition.PASSWORD -> AttributeType.PASSWORD;
            default -> AttributeType.STRING;
        };
    }
}
