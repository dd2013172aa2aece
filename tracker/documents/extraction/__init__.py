"""Reading a notice or plan: pure functions from text to a proposed document and its tasks.

Nothing here touches the database: the directory arrives as a `Lexicon` snapshot, so the
extractor can be tested, benchmarked and scored on bare text.
"""
