"""Readers: rules over lightly cleaned Vietnamese administrative text.

Each reader finds one kind of item (quantities, comparators, dates, deadlines, document references,
agency names) and ties it to a :class:`~nqgraph.ingest.model.Span` of the text it was given, shifted
by the caller's ``offset``. Readers never edit the text: offsets land on the passage a reviewer sees.
The rules are general for the language of resolutions and plans, not for particular documents.
"""
