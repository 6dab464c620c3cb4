package io.multibroker.risk;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Everything the checks read: the global limits and usage, each account's, and the trading states. The global lock
 * (this object) guards the global rate windows; it is taken inside an account's lock, never the other way round.
 */
final class RiskBook {

    private static final long SECOND = 1_000_000_000L;

    final TradingStates states;
    private final Map<String, AccountRisk> accounts = new ConcurrentHashMap<>();
    /** The same accounts as an array, so that the global open-order count is a loop that allocates nothing. */
    private volatile AccountRisk[] all = new AccountRisk[0];
    private final Function<String, AccountRisk> firstSight;

    volatile Limits limits = Limits.NONE;
    volatile LimitsParser.Schedule schedule = LimitsParser.Schedule.DEFAULT;
    /** Why the global configuration was refused while no valid one was ever in force: every order is refused. */
    volatile List<String> problems = List.of();
    /** Why the latest global configuration was refused, while an earlier valid one stays in force. */
    volatile List<String> refused = List.of();
    private RateWindow perSecond;
    private RateWindow perMinute;

    /** @param firstSight sets up an account the book has not seen (its live check), called once per account */
    RiskBook(TradingStates states, Function<String, AccountRisk> firstSight) {
        this.states = states;
        this.firstSight = firstSight;
    }

    AccountRisk account(String accountId) {
        AccountRisk account = accounts.get(accountId);
        return account != null ? account : add(accountId);
    }

    AccountRisk existing(String accountId) {
        return accounts.get(accountId);
    }

    private synchronized AccountRisk add(String accountId) {
        AccountRisk account = accounts.get(accountId);
        if (account == null) {
            account = firstSight.apply(accountId);
            accounts.put(accountId, account);
            AccountRisk[] grown = Arrays.copyOf(all, all.length + 1);
            grown[all.length] = account;
            all = grown;
        }
        return account;
    }

    AccountRisk[] all() {
        return all;
    }

    /** Open orders over every account. */
    int openOrders() {
        int open = 0;
        for (AccountRisk account : all) {
            open += account.openOrders();
        }
        return open;
    }

    /** The global per-second window sized to the limit in force; under this object's lock. */
    RateWindow perSecond(int max) {
        perSecond = AccountRisk.sized(perSecond, max, SECOND);
        return perSecond;
    }

    RateWindow perMinute(int max) {
        perMinute = AccountRisk.sized(perMinute, max, 60 * SECOND);
        return perMinute;
    }
}
