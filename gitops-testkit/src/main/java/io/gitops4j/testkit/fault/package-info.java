/**
 * Deterministic fault injection for the fake API server and for targets: seeded rules, scoped by verb, resource,
 * namespace and name, that add latency or answer 429/409/5xx, drop the connection, deny admission, or keep a CRD
 * from being Established for a while. Entry point: {@link io.gitops4j.testkit.fault.Faults}.
 */
package io.gitops4j.testkit.fault;
