package io.multibroker.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.multibroker.api.config.AccountConfiguration;
import io.multibroker.api.config.ConfigurationDocument;
import io.multibroker.api.config.KindConfiguration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A configuration document as items, one per account, experiment or setting, each with its content as canonical JSON
 * (keys sorted), so that two runtimes with the same configuration have the same items and a change is one item's
 * new content. Items: {@code account/<id>}, {@code experiment/<name>}, {@code setting/<kind>} (a singleton kind) and
 * {@code setting/<kind>/<name>}.
 */
final class ConfigurationItems {

    static final String ACCOUNT = "account/";
    static final String EXPERIMENT = "experiment/";
    static final String SETTING = "setting/";
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    private static final TypeReference<Map<String, Object>> CONTENT = new TypeReference<>() { };

    private ConfigurationItems() {
    }

    /** The document's items: item to canonical content. */
    static Map<String, String> of(ConfigurationDocument document) {
        Map<String, String> items = new TreeMap<>();
        for (AccountConfiguration account : document.accounts()) {
            items.put(ACCOUNT + account.accountId(), json(Map.of("brokerType", account.brokerType(), "properties",
                    new TreeMap<>(account.properties()))));
        }
        document.experiments().forEach((name, properties) -> items.put(EXPERIMENT + name, json(Map.of("properties",
                new TreeMap<>(properties)))));
        for (KindConfiguration setting : document.settings()) {
            String item = SETTING + setting.kind() + (setting.name() == null ? "" : "/" + setting.name());
            items.put(item, json(Map.of("properties", new TreeMap<>(setting.properties()))));
        }
        return items;
    }

    /** A document of the items given (content not null), to import. */
    @SuppressWarnings("unchecked")
    static ConfigurationDocument document(Map<String, String> items) {
        List<AccountConfiguration> accounts = new ArrayList<>();
        Map<String, Map<String, String>> experiments = new TreeMap<>();
        List<KindConfiguration> settings = new ArrayList<>();
        items.forEach((item, content) -> {
            Map<String, Object> parsed = parse(content);
            Map<String, String> properties = (Map<String, String>) parsed.get("properties");
            if (item.startsWith(ACCOUNT)) {
                accounts.add(new AccountConfiguration(item.substring(ACCOUNT.length()), (String) parsed.get("brokerType"), properties,
                        List.of()));
            } else if (item.startsWith(EXPERIMENT)) {
                experiments.put(item.substring(EXPERIMENT.length()), properties);
            } else if (item.startsWith(SETTING)) {
                String[] kindAndName = item.substring(SETTING.length()).split("/", 2);
                settings.add(new KindConfiguration(kindAndName[0], kindAndName.length > 1 ? kindAndName[1] : null, properties, List.of()));
            } else {
                throw new IllegalArgumentException("not a configuration item: " + item);
            }
        });
        return new ConfigurationDocument(ConfigurationDocument.FORMAT, Instant.now(), true, accounts, experiments, settings);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a configuration item: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> parse(String content) {
        try {
            return JSON.readValue(content, CONTENT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a shared configuration item is not JSON: " + e.getMessage(), e);
        }
    }
}
