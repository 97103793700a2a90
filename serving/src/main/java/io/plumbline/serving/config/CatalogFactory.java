package io.plumbline.serving.config;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.plumbline.model.FileModelRepository;
import io.plumbline.model.ModelCatalog;
import io.plumbline.model.ModelRepository;
import io.plumbline.model.djl.DjlEngineFactory;
import io.plumbline.model.onnx.OnnxEngineFactory;
import io.plumbline.model.s3.S3Location;
import io.plumbline.model.s3.S3ModelRepository;
import io.plumbline.model.VersionVerifier;
import io.plumbline.model.s3.S3Settings;
import io.plumbline.model.signing.SignaturePolicy;
import io.plumbline.model.signing.SignatureVerifier;
import io.plumbline.model.signing.TrustedKeys;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the model repository and catalog from configuration. */
@Factory
final class CatalogFactory {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogFactory.class);

    @Singleton
    ModelRepository repository(RegistryConfig config, RegistryConfig.S3 s3) {
        if (isS3(config.uri())) {
            return new S3ModelRepository(s3Settings(config.uri(), s3));
        }
        return new FileModelRepository(localPath(config.uri()));
    }

    @Singleton
    @Bean(preDestroy = "close")
    ModelCatalog catalog(ModelRepository repository, EngineConfig engine, RegistryConfig config) {
        // DJL beside ONNX Runtime: a manifest's 'engine: djl' picks it (XGBoost, DJL's OnnxRuntime).
        // DJL first: its OnnxRuntime engine must create ONNX Runtime's environment (see DjlEngineFactory).
        DjlEngineFactory djl = new DjlEngineFactory(engine.options());
        return new ModelCatalog(repository, List.of(new OnnxEngineFactory(engine.options()), djl),
                Clock.systemUTC(), verifier(config));
    }

    /** Checksums always; signatures where required, or wherever trusted keys can check them. */
    static VersionVerifier verifier(RegistryConfig config) {
        SignaturePolicy policy = new SignaturePolicy(config.requireSignature(),
                nonBlank(config.requireSignatureFor()));
        List<String> keyPaths = nonBlank(config.trustedKeys());
        TrustedKeys keys = keyPaths.isEmpty() ? TrustedKeys.NONE
                : TrustedKeys.load(keyPaths.stream().map(Path::of).toList());
        SignatureVerifier verifier = new SignatureVerifier(policy, keys);
        if (policy.requiresAny() || !keys.isEmpty()) {
            LOG.info("Model signatures: required for {}; {} trusted key(s) {}", policy.all() ? "every model"
                    : policy.models().isEmpty() ? "no model" : policy.models(), keys.size(), keys);
        }
        return verifier;
    }

    private static List<String> nonBlank(List<String> values) {
        return values == null ? List.of() : values.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static boolean isS3(String uri) {
        return uri.regionMatches(true, 0, "s3://", 0, "s3://".length());
    }

    static S3Settings s3Settings(String uri, RegistryConfig.S3 s3) {
        URI endpoint = blank(s3.endpoint()) ? null : URI.create(s3.endpoint().trim());
        if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
            throw new IllegalArgumentException("plumbline.registry.s3.endpoint '" + s3.endpoint()
                    + "' is not a URL such as http://minio:9000");
        }
        Path cache = blank(s3.cacheDir()) ? S3Settings.defaultCacheDir() : Path.of(s3.cacheDir().trim());
        return new S3Settings(S3Location.parse(uri), endpoint, s3.region(), s3.pathStyleAccess(), s3.accessKey(),
                s3.secretKey(), cache);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** {@code file:./models} and {@code file:models} are relative to the working directory. */
    static Path localPath(String uri) {
        if (uri.startsWith("file://")) {
            return Path.of(URI.create(uri));
        }
        if (uri.startsWith("file:")) {
            return Path.of(uri.substring("file:".length()));
        }
        if (uri.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            throw new IllegalArgumentException("plumbline.registry.uri '" + uri + "': only file: and s3:// "
                    + "repositories are supported in this build");
        }
        return Path.of(uri);
    }
}
