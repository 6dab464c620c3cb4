package io.multibroker.api.config;

import java.util.Map;

/**
 * What an import does, account by account and experiment by experiment: {@code create}, {@code update}
 * or {@code unchanged}.
 *
 * @param actions the action for each account, and for each experiment as {@code experiment:<name>}
 * @param applied false for a dry run
 */
public record ImportPlan(Map<String, String> actions, boolean applied) {
}
