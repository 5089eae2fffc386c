"""What a draft is made of, read from the outline: one module a part, run in order by ``ingest.draft``."""
