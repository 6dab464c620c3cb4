package io.multibroker.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import org.junit.jupiter.api.Test;

class AccountMBeansTest {

    @Test
    void anAccountsMetricsAreOnJmxWhileItIsActiveAndARegistrationReplacesAnEarlierOne() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        AccountMBeans mbeans = new AccountMBeans(server);
        AccountEntry entry = new AccountEntry(1, new FakeAdapter("jmx-a"), true, 60, new ErrorLog(100));
        mbeans.register(entry);
        mbeans.register(entry);
        assertTrue(server.isRegistered(AccountMetricsMBean.name("jmx-a")));
        mbeans.unregister("jmx-a");
        assertFalse(server.isRegistered(AccountMetricsMBean.name("jmx-a")));
        mbeans.unregister("jmx-a");
    }
}
