/**
 * A logging backend for tests: an SLF4J provider that keeps every log line (level, logger, formatted message, the
 * thrown exception's whole text, the MDC) in memory, so tests can check what the engine logs — the MDC of a pass
 * (EN-15) and that no canary secret ever reaches a log line.
 */
package io.gitops4j.testkit.logging;
