package io.multibroker.api.risk;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The operator's side of the risk layer: usage, the kill switch and resumption. Every change of a trading state is
 * kept across restarts, written to the risk journal with who and why, and posted on EventAdmin under
 * {@link #TOPIC_PREFIX} and the new state ({@code io/multibroker/risk/HALTED}, {@code REDUCING}, {@code RESUMED}) with
 * the properties {@code account.id} (absent for the global scope), {@code state}, {@code by}, {@code reason}.
 */
@ProviderType
public interface RiskControl {

    String TOPIC_PREFIX = "io/multibroker/risk/";
    String TOPIC_HALTED = TOPIC_PREFIX + "HALTED";
    String TOPIC_REDUCING = TOPIC_PREFIX + "REDUCING";
    String TOPIC_RESUMED = TOPIC_PREFIX + "RESUMED";

    /** The global scope first, then every known account by id. */
    List<RiskStatus> status();

    /**
     * Halts the account, or everything when {@code accountId} is null: no order passes from now on. Then, when asked,
     * cancels the open orders and closes the positions of the accounts it halted (those go to the broker: they reduce
     * risk). Completes when all of that is done.
     *
     * @throws IllegalArgumentException when the account is not known
     */
    CompletionStage<HaltReport> halt(String accountId, String reason, String by, boolean cancelOpen, boolean flatten);

    /**
     * Puts the account (or the global scope when null) back to ACTIVE.
     *
     * @param live the operator's deliberate word for an account that trades real money ({@code environment=live}):
     *        such an account starts HALTED and is resumed only with it
     * @throws IllegalStateException when a live account is resumed without {@code live}
     * @throws IllegalArgumentException when the account is not known
     */
    RiskStatus resume(String accountId, String reason, String by, boolean live);
}
