package io.multibroker.registry;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Each active account's metrics over JMX ({@link AccountMetricsMBean}), registered while the account is active. */
final class AccountMBeans {

    private static final Logger LOG = LoggerFactory.getLogger(AccountMBeans.class);

    private final MBeanServer server;

    AccountMBeans() {
        this(ManagementFactory.getPlatformMBeanServer());
    }

    AccountMBeans(MBeanServer server) {
        this.server = server;
    }

    void register(AccountEntry entry) {
        try {
            ObjectName name = AccountMetricsMBean.name(entry.accountId());
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new AccountMetricsMBean(entry), name);
        } catch (JMException | RuntimeException e) {
            LOG.warn("metrics of {} are not available over JMX: {}", entry.accountId(), e.toString());
        }
    }

    void unregister(String accountId) {
        try {
            ObjectName name = AccountMetricsMBean.name(accountId);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException | RuntimeException e) {
            LOG.warn("could not unregister the metrics MBean of {}: {}", accountId, e.toString());
        }
    }
}
