package io.multibroker.registry;

import java.util.Map;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** The registry's events, posted on EventAdmin when one is there (an optional service: without it they are dropped). */
final class RegistryEvents {

    private volatile EventAdmin admin;

    void bind(EventAdmin bound) {
        this.admin = bound;
    }

    void unbind(EventAdmin unbound) {
        if (this.admin == unbound) {
            this.admin = null;
        }
    }

    void publish(String topic, Map<String, Object> properties) {
        EventAdmin current = admin;
        if (current != null) {
            current.postEvent(new Event(topic, properties));
        }
    }
}
