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
import org.slf4j.LoggerFactory;

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
        return bound(definition, "getMin");
    }

    private static String maxOf(AttributeDefinition definition) {
        return bound(definition, "getMax");
    }

    /**
     * The OSGi Metatype API has no getter for an attribute's min and max (only validate(), whose
     * message does not name the bound). Felix keeps them on the definition it wraps, whose class has
     * public getMin/getMax: read them from there, so that violations can say "must be at least 0".
     */
    private static String bound(AttributeDefinition definition, String getter) {
        for (Object candidate : candidates(definition)) {
            try {
                Object value = candidate.getClass().getMethod(getter).invoke(candidate);
                return value == null ? null : value.toString();
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not this object: try the next
            }
        }
        if (!warned) {
            warned = true;
            LoggerFactory.getLogger(MetatypeSchemas.class).warn("cannot read min/max from {}: ranges are not checked by the factory",
                    definition.getClass().getName());
        }
        return null;
    }

    private static volatile boolean warned;

    private static List<Object> candidates(AttributeDefinition definition) {
        List<Object> candidates = new ArrayList<>();
        candidates.add(definition);
        for (java.lang.reflect.Field field : definition.getClass().getDeclaredFields()) {
            if (java.lang.reflect.Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                continue;
            }
            try {
                field.setAccessible(true);
                Object value = field.get(definition);
                if (value != null) {
                    candidates.add(value);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // inaccessible: skip it
            }
        }
        return candidates;
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
