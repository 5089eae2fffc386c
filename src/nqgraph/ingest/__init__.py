"""From a resolution's text to a draft graph for review: reading, cleaning, parsing, extracting."""
