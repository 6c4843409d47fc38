/**
 * Status simulators: stand-ins for the controllers of a real cluster (deployment, statefulset, daemonset,
 * replicaset, job, volume binder, cloud load balancer) that fill in {@code status} on a {@code FakeKube}, so health
 * checks go green, stay progressing or fail on purpose. Entry point:
 * {@link io.gitops4j.testkit.simulate.StatusSimulators}.
 */
package io.gitops4j.testkit.simulate;
