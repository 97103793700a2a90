package io.plumbline.model.s3;

import io.plumbline.model.AtomicFiles;
import io.plumbline.model.ModelLoadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A local mirror of objects, keyed by ETag. Each cached file {@code files/<path>} has a sidecar
 * {@code etags/<path>} holding the ETag it was downloaded at; a file whose sidecar matches the
 * listing is not downloaded again, also after a restart. Downloads land in a temporary file in
 * the target directory and are moved into place atomically, so a reader (the checksum check, an
 * engine) never sees half a file, and an engine that has a replaced file open keeps its old bytes.
 */
final class S3ObjectCache {
    private final S3Client s3;
    private final S3Location location;
    private final Path files;
    private final Path etags;
    private final AtomicLong downloads = new AtomicLong();

    S3ObjectCache(S3Client s3, S3Location location, Path root) {
        this.s3 = s3;
        this.location = location;
        this.files = root.resolve("files");
        this.etags = root.resolve("etags");
    }

    /** The local path of a repository-relative path ({@code weather/1/model.onnx}), already validated. */
    Path file(String relative) {
        return files.resolve(relative);
    }

    /** Objects downloaded since this cache was created (a poll of unchanged versions adds none). */
    long downloads() {
        return downloads.get();
    }

    /**
     * Makes {@code relative} hold the object's current bytes.
     *
     * @return true when it was downloaded, false when the cached copy was current
     */
    boolean sync(String relative, S3Listing.Entry object) throws ModelLoadException {
        Path target = file(relative);
        Path sidecar = etags.resolve(relative);
        if (Files.isRegularFile(target) && object.eTag() != null && object.eTag().equals(readEtag(sidecar))) {
            return false;
        }
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            Files.createDirectories(sidecar.getParent());
            tmp = Files.createTempFile(target.getParent(), ".download-", ".tmp");
            String eTag;
            GetObjectRequest get = GetObjectRequest.builder().bucket(location.bucket()).key(object.key()).build();
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(get)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                // The object may have been replaced since the listing: record what we really got.
                eTag = in.response().eTag() != null ? in.response().eTag() : object.eTag();
            }
            AtomicFiles.move(tmp, target);
            tmp = null;
            writeEtag(sidecar, eTag);
            downloads.incrementAndGet();
            return true;
        } catch (SdkException e) {
            throw S3Errors.translate(e, location, "downloading " + object.key());
        } catch (IOException e) {
            throw new ModelLoadException("cannot cache s3://" + location.bucket() + "/" + object.key() + " in "
                    + target.getParent() + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Removes a cached file that is no longer in the bucket. */
    void evict(String relative) throws ModelLoadException {
        try {
            Files.deleteIfExists(etags.resolve(relative));
            Files.deleteIfExists(file(relative));
        } catch (IOException e) {
            throw new ModelLoadException("cannot remove stale cache file " + file(relative) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the files under {@code relativeDir} whose paths (relative to it) are not in {@code keep},
     * including temporary files an interrupted download left behind.
     */
    void evictAllBut(String relativeDir, Set<String> keep) throws ModelLoadException {
        Path dir = file(relativeDir);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (!keep.contains(rel)) {
                    evict(relativeDir + "/" + rel);
                }
            }
        } catch (IOException e) {
            throw new ModelLoadException("cannot clean cache directory " + dir + ": " + e.getMessage(), e);
        }
    }


    private static String readEtag(Path sidecar) {
        try {
            return Files.isRegularFile(sidecar) ? Files.readString(sidecar, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void writeEtag(Path sidecar, String eTag) throws IOException {
        Path tmp = Files.createTempFile(sidecar.getParent(), ".etag-", ".tmp");
        try {
            Files.writeString(tmp, eTag == null ? "" : eTag, StandardCharsets.UTF_8);
            AtomicFiles.move(tmp, sidecar);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // A stray temporary file is removed by the next evictAllBut.
            }
        }
    }
}
