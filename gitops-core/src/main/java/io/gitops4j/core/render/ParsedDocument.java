package io.gitops4j.core.render;

/**
 * One document read from a YAML stream or JSON file: a JSON-like value (maps, lists, strings, longs, doubles,
 * booleans, null) that may share subtrees where the YAML used aliases.
 *
 * @param index zero-based position of the document in its file
 * @param line 1-based line where the document's content starts
 * @param root the value; null for an empty or null document
 */
record ParsedDocument(int index, int line, Object root) {}
