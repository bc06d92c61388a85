"""The knowledge graph: model, Cypher, store, embedded server, analytics. No NLP, no HTTP."""
