/**
 * {@code ./gitops4j demo}: the library's main job shown end to end through the path a real cluster takes. A local
 * Git repository in a Console's layout ({@link io.gitops4j.examples.demo.SampleRepository}), the engine and
 * {@code KubernetesTarget} over HTTP ({@link io.gitops4j.examples.demo.Demo}) into a fake API server in this process
 * or a real cluster ({@link io.gitops4j.examples.demo.DemoCluster}), a story of commits and a live edit
 * ({@code SampleStory}), printed with live health progress on a terminal and as plain lines elsewhere.
 */
package io.gitops4j.examples.demo;
