package io.multibroker.registry;

import io.multibroker.api.config.AttributeSchema;
import io.multibroker.api.config.AttributeType;
import io.multibroker.api.config.ConfigurationSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/** Reads a bundle's Metatype definition of a (factory) PID into the API's {@link ConfigurationSchema}. */
final class MetatypeSchemas {

    private MetatypeSchemas() {
    }

    static Optional<ConfigurationSchema> read(MetaTypeService metaType, Bundle bundle, String pid) {
        MetaTypeInformation information = metaType.getMetaTypeInformation(bundle);
        if (information == null) {
            return Optional.empty();
        }
        boolean known = contains(information.getFactoryPids(), pid) || contains(information.getPids(), pid);
        if (!known) {
            return Optional.empty();
        }
        ObjectClassDefinition ocd = information.getObjectClassDefinition(pid, null);
        AttributeDefinition[] all = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        Set<String> requiredIds = new HashSet<>();
        AttributeDefinition[] required = ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED);
        if (required != null) {
            Arrays.stream(required).forEach(a -> requiredIds.add(a.getID()));
        }
        List<AttributeSchema> attributes = new ArrayList<>();
        if (all != null) {
            for (AttributeDefinition definition : all) {
                String[] defaults = definition.getDefaultValue();
                String defaultValue = defaults == null || defaults.length == 0 ? null : String.join(",", defaults);
                boolean mandatory = requiredIds.contains(definition.getID()) && defaultValue == null;
                attributes.add(new AttributeSchema(definition.getID(), definition.getName(), definition.getDescription(),
                        type(definition.getType()), mandatory, defaultValue,
                        definition.getOptionValues() == null ? List.of() : List.of(definition.getOptionValues()),
                        minOf(definition), maxOf(definition), definition.getCardinality()));
            }
        }
        return Optional.of(new ConfigurationSchema(pid, ocd.getName(), ocd.getDescription(), attributes));
    }

    private static String minOf(AttributeDefinition definition) {
        // Metatype 1.4 (OSGi R7) carries min and max on the definition; Felix exposes them through getMin/getMax
        return invoke(definition, "getMin");
    }

    private static String maxOf(AttributeDefinition definition) {
        return invoke(definition, "getMax");
    }

    private static String invoke(AttributeDefinition definition, String method) {
        try {
            Object value = definition.getClass().getMethod(method).invoke(definition);
            return value == null ? null : value.toString();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
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
