package io.multibroker.risk;

import io.multibroker.api.config.ConfigurationViolation;
import io.multibroker.api.risk.LimitUsage;
import io.multibroker.api.risk.RiskStatus;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Every limit in force with its usage and headroom: the global scope's counts over all accounts, and for each account
 * both the global limits (which hold for it too) and its own.
 */
final class StatusReport {

    private final RiskBook book;
    /**
     * The configuration guard's refusal of a kind's latest configuration, by subject ({@code risk},
     * {@code risk-account:<account>}): one it refuses never reaches this bundle, the one before staying in force.
     */
    private volatile Function<String, List<ConfigurationViolation>> guardRefusals = subject -> List.of();
    private final LongSupplier nanoTime;

    StatusReport(RiskBook book, LongSupplier nanoTime) {
        this.book = book;
        this.nanoTime = nanoTime;
    }

    List<RiskStatus> status() {
        List<RiskStatus> all = new ArrayList<>();
        ScopeState global = book.states.global();
        all.add(new RiskStatus(null, global.state(), global.reason(), global.by(), global.since(), globalUsage(), problems(book.problems,
                book.refused, RiskLimitsKind.SUBJECT)));
        AccountRisk[] accounts = book.all().clone();
        Arrays.sort(accounts, Comparator.comparing(account -> account.accountId));
        for (AccountRisk account : accounts) {
            ScopeState own = book.states.of(account.accountId);
            List<LimitUsage> limits = new ArrayList<>();
            accountUsage("global", book.limits, account, limits);
            accountUsage("account", account.limits, account, limits);
            all.add(new RiskStatus(account.accountId, own.state(), own.reason(), own.by(), own.since(), limits,
                    problems(account.problems, account.refused, AccountRiskLimitsKind.SUBJECT_PREFIX + account.accountId)));
        }
        return all;
    }

    /** Where the guard's refusals are read; none until the configuration history is there. */
    void guardRefusals(Function<String, List<ConfigurationViolation>> refusals) {
        this.guardRefusals = refusals;
    }

    private List<String> problems(List<String> invalid, List<String> refused, String subject) {
        List<String> problems = new ArrayList<>();
        invalid.forEach(problem -> problems.add("invalid, every order refused: " + problem));
        Set<String> refusedNow = new LinkedHashSet<>(refused);
        // with no valid configuration ever, the refused one is the invalid one already named: nothing before it holds
        guardRefusals.apply(subject).stream().map(ConfigurationViolation::toString).filter(problem -> !invalid.contains(problem))
                .forEach(refusedNow::add);
        refusedNow.forEach(problem -> problems.add("latest configuration refused, the one before stays in force: " + problem));
        return problems;
    }

    private List<LimitUsage> globalUsage() {
        Limits limits = book.limits;
        List<LimitUsage> usage = new ArrayList<>();
        // the global limits each account is held to, whether or not an account is known yet; their usage is per account
        String currency = "account currency";
        perOrder(usage, "global", LimitsParser.MAX_ORDER_UNITS, null, limits.maxOrderUnits(), "units");
        perOrder(usage, "global", LimitsParser.MAX_ORDER_NOTIONAL, null, limits.maxOrderNotional(), currency);
        perOrder(usage, "global", LimitsParser.MAX_POSITION_UNITS, null, limits.maxPositionUnits(), "units");
        perOrder(usage, "global", LimitsParser.MAX_POSITION_NOTIONAL, null, limits.maxPositionNotional(), currency);
        perOrder(usage, "global", LimitsParser.MAX_DAILY_LOSS, null, limits.maxDailyLoss(), currency);
        perOrder(usage, "global", LimitsParser.PRICE_COLLAR_PERCENT, null, limits.collarPercent(), "%");
        limits.instruments().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            Limits.InstrumentLimits own = entry.getValue();
            perOrder(usage, "global", LimitsParser.MAX_ORDER_UNITS, entry.getKey(), own.maxOrderUnits(), "units");
            perOrder(usage, "global", LimitsParser.MAX_ORDER_NOTIONAL, entry.getKey(), own.maxOrderNotional(), currency);
            perOrder(usage, "global", LimitsParser.MAX_POSITION_UNITS, entry.getKey(), own.maxPositionUnits(), "units");
            perOrder(usage, "global", LimitsParser.MAX_POSITION_NOTIONAL, entry.getKey(), own.maxPositionNotional(), currency);
        });
        long now = nanoTime.getAsLong();
        if (limits.maxOpenOrders() > 0) {
            usage.add(used("global", LimitsParser.MAX_OPEN_ORDERS, null, BigDecimal.valueOf(limits.maxOpenOrders()),
                    BigDecimal.valueOf(book.openOrders()), "orders"));
        }
        synchronized (book) {
            RateWindow second = book.perSecond(limits.maxOrdersPerSecond());
            RateWindow minute = book.perMinute(limits.maxOrdersPerMinute());
            if (second != null) {
                usage.add(used("global", LimitsParser.MAX_ORDERS_PER_SECOND, null, BigDecimal.valueOf(second.max()),
                        BigDecimal.valueOf(second.count(now)), "orders"));
            }
            if (minute != null) {
                usage.add(used("global", LimitsParser.MAX_ORDERS_PER_MINUTE, null, BigDecimal.valueOf(minute.max()),
                        BigDecimal.valueOf(minute.count(now)), "orders"));
            }
        }
        return usage;
    }

    private void accountUsage(String scope, Limits limits, AccountRisk account, List<LimitUsage> usage) {
        String currency = account.currency == null ? "" : account.currency;
        perOrder(usage, scope, LimitsParser.MAX_ORDER_UNITS, null, limits.maxOrderUnits(), "units");
        perOrder(usage, scope, LimitsParser.MAX_ORDER_NOTIONAL, null, limits.maxOrderNotional(), currency);
        if (limits.maxPositionUnits() != null) {
            Map.Entry<String, BigDecimal> largest = largestPosition(account);
            usage.add(used(scope, LimitsParser.MAX_POSITION_UNITS, largest == null ? null : largest.getKey(), limits.maxPositionUnits(),
                    largest == null ? BigDecimal.ZERO : largest.getValue(), "units"));
        }
        if (limits.maxPositionNotional() != null) {
            Map.Entry<String, BigDecimal> largest = largestPositionValue(account);
            usage.add(used(scope, LimitsParser.MAX_POSITION_NOTIONAL, largest == null ? null : largest.getKey(), limits.maxPositionNotional(),
                    largest == null ? BigDecimal.ZERO : largest.getValue(), currency));
        }
        if (scope.equals("account")) {
            long now = nanoTime.getAsLong();
            if (limits.maxOpenOrders() > 0) {
                usage.add(used(scope, LimitsParser.MAX_OPEN_ORDERS, null, BigDecimal.valueOf(limits.maxOpenOrders()),
                        BigDecimal.valueOf(account.openOrders()), "orders"));
            }
            synchronized (account) {
                RateWindow second = account.perSecond(limits.maxOrdersPerSecond());
                RateWindow minute = account.perMinute(limits.maxOrdersPerMinute());
                if (second != null) {
                    usage.add(used(scope, LimitsParser.MAX_ORDERS_PER_SECOND, null, BigDecimal.valueOf(second.max()),
                            BigDecimal.valueOf(second.count(now)), "orders"));
                }
                if (minute != null) {
                    usage.add(used(scope, LimitsParser.MAX_ORDERS_PER_MINUTE, null, BigDecimal.valueOf(minute.max()),
                            BigDecimal.valueOf(minute.count(now)), "orders"));
                }
            }
        }
        if (limits.maxDailyLoss() != null) {
            BigDecimal loss = account.dailyLoss();
            usage.add(used(scope, LimitsParser.MAX_DAILY_LOSS, null, limits.maxDailyLoss(), loss == null ? null : loss.max(BigDecimal.ZERO),
                    currency));
        }
        if (limits.collarPercent() != null) {
            perOrder(usage, scope, LimitsParser.PRICE_COLLAR_PERCENT, null, limits.collarPercent(), "%");
        }
        limits.instruments().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            String instrument = entry.getKey();
            Limits.InstrumentLimits own = entry.getValue();
            perOrder(usage, scope, LimitsParser.MAX_ORDER_UNITS, instrument, own.maxOrderUnits(), "units");
            perOrder(usage, scope, LimitsParser.MAX_ORDER_NOTIONAL, instrument, own.maxOrderNotional(), currency);
            if (own.maxPositionUnits() != null) {
                usage.add(used(scope, LimitsParser.MAX_POSITION_UNITS, instrument, own.maxPositionUnits(), heldAbs(account, instrument), "units"));
            }
            if (own.maxPositionNotional() != null) {
                BigDecimal value = valueOf(account, instrument, heldAbs(account, instrument));
                usage.add(used(scope, LimitsParser.MAX_POSITION_NOTIONAL, instrument, own.maxPositionNotional(), value, currency));
            }
        });
    }

    private static void perOrder(List<LimitUsage> usage, String scope, String limit, String instrument, BigDecimal value, String unit) {
        if (value != null) {
            usage.add(new LimitUsage(scope, limit, instrument, value, null, null, unit));
        }
    }

    private static LimitUsage used(String scope, String limit, String instrument, BigDecimal value, BigDecimal used, String unit) {
        return new LimitUsage(scope, limit, instrument, value, used, used == null ? null : value.subtract(used), unit);
    }

    private static BigDecimal heldAbs(AccountRisk account, String instrument) {
        synchronized (account) {
            Position position = account.positions.get(instrument);
            return position == null ? BigDecimal.ZERO : position.exposure().abs();
        }
    }

    private static Map.Entry<String, BigDecimal> largestPosition(AccountRisk account) {
        Map.Entry<String, BigDecimal> largest = null;
        synchronized (account) {
            for (Map.Entry<String, Position> entry : account.positions.entrySet()) {
                BigDecimal units = entry.getValue().exposure().abs();
                if (largest == null || units.compareTo(largest.getValue()) > 0) {
                    largest = Map.entry(entry.getKey(), units);
                }
            }
        }
        return largest;
    }

    private static Map.Entry<String, BigDecimal> largestPositionValue(AccountRisk account) {
        Map.Entry<String, BigDecimal> largest = null;
        for (String instrument : account.positions.keySet()) {
            BigDecimal value = valueOf(account, instrument, heldAbs(account, instrument));
            if (value != null && (largest == null || value.compareTo(largest.getValue()) > 0)) {
                largest = Map.entry(instrument, value);
            }
        }
        return largest;
    }

    private static BigDecimal valueOf(AccountRisk account, String instrument, BigDecimal units) {
        Quote quote = account.quotes.get(instrument);
        return quote == null ? null : Valuation.exact(account, instrument, units, quote.mid());
    }
}
