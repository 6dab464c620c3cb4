package io.multibroker.api.config;

import java.util.Map;

/**
 * What an import does, account by account: {@code create}, {@code update} or {@code unchanged}.
 *
 * @param actions the action for each account in the document
 * @param applied false for a dry run
 */
public record ImportPlan(Map<String, String> actions, boolean applied) {
}
