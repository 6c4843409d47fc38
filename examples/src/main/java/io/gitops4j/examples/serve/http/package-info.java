/**
 * The HTTP side of {@code serve} on the JDK's {@code com.sun.net.httpserver}: {@link
 * io.gitops4j.examples.serve.http.ServeServer} routes each path to one class per resource; {@link
 * io.gitops4j.examples.serve.http.ApiCall} reads requests and writes answers, every refusal as
 * {@code {"error": {"code": …, "message": …}}} with a 4xx status.
 */
package io.gitops4j.examples.serve.http;
