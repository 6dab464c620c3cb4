package io.multibroker.api.support;

import io.multibroker.api.BrokerType;
import io.multibroker.api.capability.BrokerCapability;
import io.multibroker.api.config.ConfigurationViolation;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A broker type reached over the network whose accounts pick an environment with one setting, under the rule of
 * {@link EnvironmentUrls}: only its names, its factory PID, its URL keys and what its accounts can do at most are its
 * own. An adapter bundle's type extends it with a public no-argument constructor and registers itself as a
 * {@link BrokerType} service; it overrides {@link #validate} to add rules of its own to the environment's.
 *
 * @since support 1.4
 */
@ConsumerType
public abstract class EnvironmentBrokerType implements BrokerType {

    private final String id;
    private final String displayName;
    private final String factoryPid;
    private final String defaultEnvironment;
    private final Map<String, Set<String>> urlSchemes;
    private final Set<BrokerCapability> staticCapabilities;

    /**
     * @param defaultEnvironment the environment of an account that names none
     * @param urlSchemes each URL key an account on {@code environment=custom} gives, in the order to report, with the
     *     schemes it may use
     * @param staticCapabilities what every account of the type can do at most
     */
    protected EnvironmentBrokerType(String id, String displayName, String factoryPid, String defaultEnvironment,
            Map<String, Set<String>> urlSchemes, Set<BrokerCapability> staticCapabilities) {
        this.id = id;
        this.displayName = displayName;
        this.factoryPid = factoryPid;
        this.defaultEnvironment = defaultEnvironment;
        this.urlSchemes = Collections.unmodifiableMap(new LinkedHashMap<>(urlSchemes));
        this.staticCapabilities = staticCapabilities.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(staticCapabilities));
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String displayName() {
        return displayName;
    }

    @Override
    public final String factoryPid() {
        return factoryPid;
    }

    @Override
    public final Set<BrokerCapability> staticCapabilities() {
        return staticCapabilities;
    }

    /**
     * Environment switching is one setting: the broker's own environments choose its hosts, {@code custom} needs every
     * base URL (a stand-in); URLs given with another environment would be ignored, so they are refused.
     */
    @Override
    public List<ConfigurationViolation> validate(Map<String, Object> properties) {
        return EnvironmentUrls.violations(properties, defaultEnvironment, urlSchemes);
    }
}
