/** The V2 REST endpoints (Micronaut controllers) and their error responses. */
package io.plumbline.serving.http;
