package io.multibroker.risk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts limits configurations in force in the book: the global ones and each account's. A configuration that is
 * refused leaves the last valid one in force; with no valid one ever, every order of its scope is refused (the risk
 * layer fails closed).
 */
final class LimitsInForce {

    private static final Logger LOG = LoggerFactory.getLogger(LimitsInForce.class);

    private final RiskBook book;
    private boolean everConfigured;

    LimitsInForce(RiskBook book) {
        this.book = book;
    }

    /** The global limits and the refresh schedule ({@code io.multibroker.risk}). */
    void global(Map<String, Object> properties) {
        LimitsParser.Parsed parsed = LimitsParser.parse(properties, false);
        List<String> violations = new ArrayList<>(parsed.violations());
        LimitsParser.Schedule schedule = LimitsParser.schedule(properties, violations);
        if (violations.isEmpty()) {
            book.limits = parsed.limits();
            book.schedule = schedule;
            book.problems = List.of();
            book.refused = List.of();
            LOG.info("risk: global limits in force: {}", parsed.limits());
        } else if (!everConfigured) {
            book.problems = List.copyOf(violations);
            LOG.error("risk: the global risk limits are invalid, every order is refused until they are fixed: {}", violations);
        } else {
            book.refused = List.copyOf(violations);
            LOG.error("risk: the global risk limits were refused, the ones before stay in force: {}", violations);
        }
        everConfigured = everConfigured || violations.isEmpty();
    }

    /** One account's limits configuration. */
    void account(String accountId, Map<String, Object> properties) {
        AccountRisk account = book.account(accountId);
        LimitsParser.Parsed parsed = LimitsParser.parse(properties, true);
        if (parsed.limits() != null) {
            account.limits = parsed.limits();
            account.problems = List.of();
            account.refused = List.of();
            LOG.info("risk: limits of account {} in force: {}", accountId, parsed.limits());
        } else if (account.limits == Limits.NONE) {
            account.problems = parsed.violations();
            LOG.error("risk: the limits of account {} are invalid, its orders are refused until they are fixed: {}", accountId,
                    parsed.violations());
        } else {
            account.refused = parsed.violations();
            LOG.error("risk: the limits of account {} were refused, the ones before stay in force: {}", accountId, parsed.violations());
        }
    }

    /** An account's limits configuration is gone: only the global limits apply to it. */
    void accountRemoved(String accountId) {
        AccountRisk account = book.account(accountId);
        account.limits = Limits.NONE;
        account.problems = List.of();
        account.refused = List.of();
        LOG.info("risk: account {} has no limits of its own any more", accountId);
    }
}
