package io.plumbline.serving.security;

/**
 * What the authorization policy decided at start-up, for the start-up summary.
 *
 * @param authentication credentials are checked (a key file or JWTs are configured)
 * @param repositoryApi the repository API (index, load, unload) answers
 */
public record SecurityState(boolean authentication, boolean repositoryApi) {
}
