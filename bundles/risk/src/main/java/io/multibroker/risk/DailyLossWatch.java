package io.multibroker.risk;

import io.multibroker.api.model.UnifiedAccountSummary;
import io.multibroker.api.risk.TradingState;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;

/**
 * Today's loss of each account from its summaries: the fall of its net asset value (balance plus unrealised profit and
 * loss, so realised and unrealised together) since the first summary of the trading day, which starts at the daily reset
 * time in its zone; that first value is kept across restarts ({@link DailyBaselines}). A loss beyond a {@code max.daily.loss} (global or the account's) moves the account to the configured
 * state, at once and by itself; the state stays until an operator resumes the account.
 */
final class DailyLossWatch {

    private final RiskBook book;
    private final Clock clock;
    private final DailyBaselines baselines;

    DailyLossWatch(RiskBook book, Clock clock, DailyBaselines baselines) {
        this.book = book;
        this.clock = clock;
        this.baselines = baselines;
    }

    void summary(AccountRisk account, UnifiedAccountSummary summary) {
        if (summary.netAssetValue() == null) {
            return;
        }
        Instant dayStart = dayStart(clock.instant(), book.schedule);
        if (!dayStart.equals(account.dayStart) || account.dayStartValue == null) {
            // the first summary of this run or of a new day: today's baseline is the kept one if it is today's (a restart
            // in the middle of the day), else this summary's value, kept for a restart later today
            DailyBaselines.Baseline kept = baselines.of(account.accountId);
            if (kept == null || !kept.dayStart().equals(dayStart)) {
                kept = new DailyBaselines.Baseline(dayStart, summary.netAssetValue());
                baselines.keep(account.accountId, kept);
            }
            account.dayStart = dayStart;
            account.dayStartValue = kept.value();
        }
        account.netAssetValue = summary.netAssetValue();
        judge(account);
    }

    /** Moves the account to the loss action's state when today's loss exceeds a limit. */
    void judge(AccountRisk account) {
        BigDecimal loss = account.dailyLoss();
        if (loss == null || loss.signum() <= 0) {
            return;
        }
        Limits global = book.limits;
        Limits own = account.limits;
        String breached = breach(own.maxDailyLoss(), "account " + account.accountId, loss);
        if (breached == null) {
            breached = breach(global.maxDailyLoss(), "global", loss);
        }
        if (breached == null) {
            return;
        }
        TradingState action = own.lossAction() != null ? own.lossAction() : global.lossAction() != null ? global.lossAction()
                : TradingState.REDUCING;
        if (book.states.of(account.accountId).state().ordinal() < action.ordinal()) {
            book.states.set(account.accountId, action, "daily loss " + loss.toPlainString() + " " + account.currency + " since "
                    + account.dayStart + " exceeds " + breached, "risk", false);
        }
    }

    private static String breach(BigDecimal limit, String scope, BigDecimal loss) {
        return limit != null && loss.compareTo(limit) > 0 ? LimitsParser.MAX_DAILY_LOSS + " of " + scope + " (" + limit.toPlainString() + ")"
                : null;
    }

    /** The start of the trading day that contains the instant. */
    static Instant dayStart(Instant now, LimitsParser.Schedule schedule) {
        ZonedDateTime local = now.atZone(schedule.zone());
        ZonedDateTime start = local.toLocalDate().atTime(schedule.resetTime()).atZone(schedule.zone());
        return (start.isAfter(local) ? start.minusDays(1) : start).toInstant();
    }
}
