package io.plumbline.model.s3;

import io.plumbline.model.AliasesReader;
import io.plumbline.model.Checksums;
import io.plumbline.model.FileModelRepository;
import io.plumbline.model.ManifestReader;
import io.plumbline.model.ModelLoadException;
import io.plumbline.model.ModelManifest;
import io.plumbline.model.ModelName;
import io.plumbline.model.ModelRepository;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A model repository in an S3-compatible bucket, laid out like the file repository below
 * {@code s3://bucket/prefix/}. Models and versions come from delimiter listings (no object is read
 * to list them); a version's fingerprint is its sorted {@code key:ETag} list, so a poll costs one
 * listing per version and downloads nothing unchanged. {@link #versionDirectory} mirrors the
 * version into the local cache (see {@link S3ObjectCache}); the catalog then verifies
 * {@code SHA256SUMS} there before loading, exactly as for a local repository. A cached copy that is
 * reused without downloading is checked against {@code SHA256SUMS} first and fetched again if it
 * was damaged, so a corrupt cache cannot refuse a good version for ever.
 *
 * <p>Every key segment below the prefix is checked with the model-name rules: a key with
 * {@code ..}, an empty segment or a separator of another kind is skipped with a warning and never
 * becomes a path.
 */
public final class S3ModelRepository implements ModelRepository, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3ModelRepository.class);
    private static final String MANIFEST = "model.yaml";
    /** As deep as the file repository walks a version directory. */
    private static final int MAX_DEPTH = 4;

    private final S3Client s3;
    private final boolean ownsClient;
    private final S3Location location;
    private final String endpoint;
    private final S3ObjectCache cache;
    private volatile boolean closed;

    /** Builds its own client from the settings and closes it on {@link #close()}. */
    public S3ModelRepository(S3Settings settings) {
        this(S3Clients.create(settings), settings.location(), settings.cacheDir(), true);
    }

    /** Uses a client the caller owns (and closes). */
    public S3ModelRepository(S3Client s3, S3Location location, Path cacheDir) {
        this(s3, location, cacheDir, false);
    }

    private S3ModelRepository(S3Client s3, S3Location location, Path cacheDir, boolean ownsClient) {
        this.s3 = s3;
        this.ownsClient = ownsClient;
        this.location = location;
        this.endpoint = s3.serviceClientConfiguration().endpointOverride().map(URI::toString).orElse(null);
        // One cache per endpoint, bucket and prefix, so two repositories never share (or clobber) files.
        String id = sha256(endpoint + "|" + location).substring(0, 12);
        this.cache = new S3ObjectCache(s3, location, cacheDir.toAbsolutePath().normalize()
                .resolve(location.bucket() + "-" + id));
    }

    @Override
    public List<String> modelNames() throws ModelLoadException {
        List<String> names = new ArrayList<>();
        for (String name : list(location.prefix(), true, "listing models").folders()) {
            if (name.startsWith(".")) {
                continue;
            }
            if (!ModelName.isValid(name)) {
                LOG.warn("Skipping '{}' in {}: not a valid model name", ModelName.printable(name), describe());
                continue;
            }
            names.add(name);
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    @Override
    public NavigableSet<Long> versions(String model) throws ModelLoadException {
        NavigableSet<Long> versions = new TreeSet<>();
        for (String name : modelListing(model).folders()) {
            Long v = FileModelRepository.parseVersion(name);
            if (v == null) {
                LOG.warn("Skipping '{}' in model '{}' of {}: version directories are positive integers",
                        ModelName.printable(name), model, describe());
            } else {
                versions.add(v);
            }
        }
        return versions;
    }

    @Override
    public synchronized Optional<ModelManifest> manifest(String model) throws ModelLoadException {
        Optional<Path> file = modelFile(model, MANIFEST);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ManifestReader.read(file.get(), model + "/" + MANIFEST));
    }

    @Override
    public synchronized Map<String, Long> aliases(String model) throws ModelLoadException {
        Optional<Path> file = modelFile(model, AliasesReader.FILE_NAME);
        if (file.isEmpty()) {
            return Map.of();
        }
        return AliasesReader.read(file.get(), model + "/" + AliasesReader.FILE_NAME);
    }

    @Override
    public String fingerprint(String model, long version) throws ModelLoadException {
        StringBuilder b = new StringBuilder();
        for (S3Listing.Entry e : versionObjects(model, version)) {
            b.append(e.relative()).append(':').append(e.eTag()).append(';');
        }
        return b.toString();
    }

    @Override
    public synchronized Path versionDirectory(String model, long version) throws ModelLoadException {
        List<S3Listing.Entry> objects = versionObjects(model, version);
        String dir = model + "/" + version;
        Set<String> keep = new HashSet<>();
        int fetched = 0;
        for (S3Listing.Entry e : objects) {
            keep.add(e.relative());
            if (cache.sync(dir + "/" + e.relative(), e)) {
                fetched++;
            }
        }
        cache.evictAllBut(dir, keep);
        if (fetched == 0 && !cachedCopyIntact(dir)) {
            // The cache was damaged or edited behind our back: its ETags still match, its bytes do not.
            for (S3Listing.Entry e : objects) {
                cache.evict(dir + "/" + e.relative());
                cache.sync(dir + "/" + e.relative(), e);
                fetched++;
            }
        }
        if (fetched > 0) {
            LOG.info("Downloaded {} of {} object(s) of {} from {}", fetched, objects.size(), dir, describe());
        }
        return cache.file(dir);
    }

    private boolean cachedCopyIntact(String dir) {
        try {
            Checksums.verify(cache.file(dir), dir);
            return true;
        } catch (ModelLoadException e) {
            LOG.warn("Cached copy of {} fails its checksums ({}); downloading it again", dir, e.getMessage());
            return false;
        }
    }

    /** Objects downloaded so far; unchanged objects are never downloaded twice. */
    public long downloads() {
        return cache.downloads();
    }

    @Override
    public String describe() {
        return location + (endpoint == null ? "" : " at " + endpoint);
    }

    @Override
    public void close() {
        closed = true;
        if (ownsClient) {
            s3.close();
        }
    }

    /** Whether {@link #close()} ran (serving closes its repository at shutdown; its test checks this). */
    public boolean closed() {
        return closed;
    }

    /** The version's objects, validated, sorted by relative key; refuses a version that has none. */
    private List<S3Listing.Entry> versionObjects(String model, long version) throws ModelLoadException {
        ModelName.requireValid("model", model);
        if (version < 1) {
            throw new ModelLoadException("version " + version + " of '" + model + "' is not a positive integer");
        }
        String what = model + "/" + version;
        S3Listing listing = list(location.key(what + "/"), false, "listing " + what);
        List<S3Listing.Entry> out = new ArrayList<>();
        for (S3Listing.Entry e : listing.objects()) {
            if (e.relative().endsWith("/")) {
                continue; // a "folder" marker some tools create
            }
            if (!safeRelativePath(e.relative())) {
                LOG.warn("Skipping object '{}' in {}: each path segment must be a valid name (no '..', no empty "
                        + "segments, at most {} deep)", ModelName.printable(e.key()), describe(), MAX_DEPTH);
                continue;
            }
            out.add(e);
        }
        if (out.isEmpty()) {
            throw new ModelLoadException("model '" + model + "' has no version " + version + " in " + describe());
        }
        out.sort(Comparator.comparing(S3Listing.Entry::relative));
        return out;
    }

    private S3Listing modelListing(String model) throws ModelLoadException {
        ModelName.requireValid("model", model);
        S3Listing listing = list(location.key(model + "/"), true, "listing model '" + model + "'");
        if (listing.isEmpty()) {
            throw ModelLoadException.absent(model);
        }
        return listing;
    }

    /** Mirrors a model-level file ({@code model.yaml}); empty (and evicted) when the bucket has none. */
    private Optional<Path> modelFile(String model, String name) throws ModelLoadException {
        String relative = model + "/" + name;
        for (S3Listing.Entry e : modelListing(model).objects()) {
            if (e.relative().equals(name)) {
                cache.sync(relative, e);
                return Optional.of(cache.file(relative));
            }
        }
        cache.evict(relative);
        return Optional.empty();
    }

    private S3Listing list(String keyPrefix, boolean delimited, String action) throws ModelLoadException {
        ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(location.bucket()).prefix(keyPrefix);
        if (delimited) {
            req.delimiter("/");
        }
        List<S3Listing.Entry> objects = new ArrayList<>();
        List<String> folders = new ArrayList<>();
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(req.build())) {
                for (S3Object o : page.contents()) {
                    String rel = o.key().substring(keyPrefix.length());
                    if (!rel.isEmpty()) {
                        objects.add(new S3Listing.Entry(rel, o.key(), o.eTag(), o.size() == null ? -1 : o.size()));
                    }
                }
                for (CommonPrefix p : page.commonPrefixes()) {
                    String rel = p.prefix().substring(keyPrefix.length());
                    folders.add(rel.endsWith("/") ? rel.substring(0, rel.length() - 1) : rel);
                }
            }
        } catch (SdkException e) {
            throw S3Errors.translate(e, location, action);
        }
        return new S3Listing(objects, folders);
    }

    static boolean safeRelativePath(String relative) {
        String[] segments = relative.split("/", -1);
        if (segments.length > MAX_DEPTH) {
            return false;
        }
        for (String s : segments) {
            if (!ModelName.isValid(s)) {
                return false;
            }
        }
        return true;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
