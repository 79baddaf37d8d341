package com.silenttalk.automation.aws.backup;

import com.silenttalk.automation.core.backup.DatabaseId;
import com.silenttalk.automation.core.backup.SnapshotRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.rds.model.Tag;

/** The tags that mark what the suite made; retention never deletes anything without them. */
public final class SuiteTags {
    public static final String CREATED_BY = "silenttalk:created-by";
    public static final String CREATED_BY_VALUE = "ops-automation";
    public static final String DATABASE = "silenttalk:database";
    public static final String COPIED_FROM = "silenttalk:copied-from";
    public static final String VERIFICATION = "silenttalk:verification";
    public static final String VERIFIED_AT = "silenttalk:verified-at";

    private SuiteTags() {
    }

    public static List<Tag> forSnapshot(DatabaseId database) {
        List<Tag> tags = new ArrayList<>();
        tags.add(tag(CREATED_BY, CREATED_BY_VALUE));
        tags.add(tag(DATABASE, database.value()));
        return tags;
    }

    public static List<Tag> forCopy(DatabaseId database, SnapshotRef source) {
        List<Tag> tags = forSnapshot(database);
        tags.add(tag(COPIED_FROM, source.toString()));
        return tags;
    }

    public static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    static Map<String, String> asMap(List<Tag> tags) {
        return tags == null ? Map.of() : tags.stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    }

    static boolean madeBySuite(Map<String, String> tags) {
        return CREATED_BY_VALUE.equals(tags.get(CREATED_BY));
    }
}
