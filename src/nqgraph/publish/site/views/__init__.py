"""One module per page type, as datasette's views are; each writes its pages through ``Site``."""
