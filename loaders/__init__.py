"""Text in, Extraction out: readers, gazetteer, extraction, pipeline. Never talks to the database."""
