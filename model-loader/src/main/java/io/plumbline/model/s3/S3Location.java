package io.plumbline.model.s3;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a repository lives in object storage: {@code s3://bucket/optional/prefix}.
 *
 * @param bucket the bucket name
 * @param prefix the key prefix ending in {@code /}, or empty for the bucket's root
 */
public record S3Location(String bucket, String prefix) {
    // Lenient on purpose (dots, upper case for older buckets and S3-compatible servers), but never
    // a '/' or whitespace, which would make the URI ambiguous.
    private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,254}");

    public S3Location {
        if (bucket == null || !BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("S3 bucket name '" + bucket + "' is invalid");
        }
        prefix = prefix == null ? "" : prefix;
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
    }

    /** Parses {@code s3://bucket[/prefix]}; the prefix may be empty. */
    public static S3Location parse(String uri) {
        if (uri == null || !uri.toLowerCase(Locale.ROOT).startsWith("s3://")) {
            throw new IllegalArgumentException("'" + uri + "' is not an s3://bucket/prefix URI");
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        while (prefix.startsWith("/")) {
            prefix = prefix.substring(1);
        }
        if (prefix.contains("//") || prefix.contains("..") || prefix.contains("\\")) {
            throw new IllegalArgumentException("S3 prefix in '" + uri + "' must not contain '//', '..' or '\\'");
        }
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("'" + uri + "' names no bucket: use s3://bucket/prefix");
        }
        return new S3Location(bucket, prefix);
    }

    /** The key prefix of a path below the repository root, e.g. {@code models/weather/}. */
    String key(String relative) {
        return prefix + relative;
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }
}
