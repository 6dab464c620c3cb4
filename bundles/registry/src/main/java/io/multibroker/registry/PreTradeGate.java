package io.multibroker.registry;

import io.multibroker.api.cluster.AccountOwnership;
import io.multibroker.api.risk.PreTradeCheck;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every account's handle asks before an order leaves: when runtimes share a database, whether this runtime drives
 * the account ({@link OwnershipGate}); then the risk layer's gate. Both are bound by reference only and got by the first
 * order that asks (see {@link LazyServiceSlot}); without a risk layer, orders are refused when
 * {@code orders.require.risk.check} is true, and go unchecked otherwise.
 */
final class PreTradeGate {

    private static final Logger LOG = LoggerFactory.getLogger(PreTradeGate.class);

    private final LazyServiceSlot<PreTradeCheck> slot;
    /** Which runtime drives each account, when several share a database; none: this runtime drives them all. */
    private final LazyServiceSlot<AccountOwnership> ownership;
    private final Supplier<RegistryConfig> config;

    PreTradeGate(BundleContext context, Supplier<RegistryConfig> config) {
        this.slot = new LazyServiceSlot<>(context);
        this.ownership = new LazyServiceSlot<>(context);
        this.config = config;
    }

    void bindOwnership(ServiceReference<AccountOwnership> bound) {
        ownership.bind(bound);
    }

    void unbindOwnership(ServiceReference<AccountOwnership> unbound) {
        ownership.unbind(unbound);
    }

    /** Ownership given as it is (tests). */
    void useOwnership(AccountOwnership given) {
        ownership.bindService(given);
    }

    void bind(ServiceReference<PreTradeCheck> bound) {
        slot.bind(bound);
    }

    void unbind(ServiceReference<PreTradeCheck> unbound) {
        slot.unbind(unbound);
        if (!slot.bound() && config.get().orders_require_risk_check()) {
            LOG.warn("the pre-trade risk check is gone: orders and replaces are refused until it is back ({} = true)",
                    RegistryConfig.REQUIRE_RISK_CHECK);
        }
    }

    /** A gate given as it is (tests, benchmarks). */
    void use(PreTradeCheck given) {
        slot.bindService(given);
    }

    /**
     * The gate for an order now. Without a risk layer bound: one that refuses every order when the settings require a risk
     * check (read on every order, so that an edit of the setting applies to the next one), none otherwise. One that refuses
     * every order when the risk layer is bound but could not be got. The last line of defence fails closed.
     */
    PreTradeCheck now() {
        PreTradeCheck risk = risk();
        if (!ownership.bound()) {
            return risk;
        }
        // bound but not to be got: no order is sent for an account this runtime may not drive
        return ownership.get().<PreTradeCheck>map(owners -> new OwnershipGate(owners, risk)).orElse(RefusingGate.UNREACHABLE);
    }

    private PreTradeCheck risk() {
        if (!slot.bound()) {
            return config.get().orders_require_risk_check() ? RefusingGate.REQUIRED_BUT_MISSING : null;
        }
        return slot.get().orElse(RefusingGate.UNREACHABLE);
    }
}
