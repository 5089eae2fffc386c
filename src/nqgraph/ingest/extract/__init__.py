"""What a draft is made of, read from the outline: bodies, documents cited, the graph's names."""
