"""The fixed SPARQL texts of the compiled checks (:mod:`.checks` fills them in).

``FOCUS`` stands for the focus pattern, ``VALUE`` binds ``?v`` to each value node of ``?this``,
``HAS(?x)`` tests that ``?x`` is a value node and ``PATH`` is the shape's path; the shape's own
terms (bounds, classes, allowed values) are bound with a VALUES block. Nothing here comes from the
data.
"""

from __future__ import annotations

_TYPE_PATH = (
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
)


# A number compared with a string is an error in SPARQL, hence a breach; rdflib's engine (the rdflib
# engine) compares them instead, so the checks say it.
_COMPARABLE = "isNumeric(?v) = isNumeric(?bound)"


def failing(test: str) -> str:
    """The value nodes that fail ``test``, with their focus nodes."""
    return "SELECT DISTINCT ?this ?v WHERE { FOCUS VALUE FILTER(" + test + ") }"


CHECKS = {
    "values": "SELECT DISTINCT ?this ?v WHERE { FOCUS VALUE }",
    "focus": "SELECT DISTINCT ?this WHERE { FOCUS }",
    # Counts are of distinct value nodes, as in pySHACL; a node with no value counts 0.
    "minCount": "SELECT ?this WHERE { FOCUS OPTIONAL { VALUE } } "
    "GROUP BY ?this ?bound HAVING (COUNT(DISTINCT ?v) < ?bound)",
    "maxCount": "SELECT ?this WHERE { FOCUS VALUE } "
    "GROUP BY ?this ?bound HAVING (COUNT(DISTINCT ?v) > ?bound)",
    "class": failing(f"NOT EXISTS {{ ?v {_TYPE_PATH} ?class }}"),
    # Whether any value of the path, from any node, breaks sh:class: checked once per distinct
    # value, it tells cheaply that no focus node can (the usual case) before the check above.
    "classAnywhere": "SELECT ?v WHERE { { SELECT DISTINCT ?v WHERE { [] PATH ?v } } "
    f"FILTER NOT EXISTS {{ ?v {_TYPE_PATH} ?class }} }} LIMIT 1",
    # sh:minCount and sh:maxCount of one property shape in one pass: the count of every focus
    # node that breaks either, told apart in Python.
    "counts": "SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE { FOCUS OPTIONAL { VALUE } } "
    "GROUP BY ?this ?min ?max HAVING (COUNT(DISTINCT ?v) < ?min || COUNT(DISTINCT ?v) > ?max)",
    # One row per allowed value: a value breaks sh:in when it is the same term as none of them.
    "in": "SELECT ?this ?v WHERE { FOCUS VALUE } GROUP BY ?this ?v "
    "HAVING (SUM(IF(sameTerm(?v, ?allowed), 1, 0)) = 0)",
    "hasValue": "SELECT DISTINCT ?this WHERE { FOCUS FILTER NOT EXISTS { HAS(?wanted) } }",
    "literal": failing("!isLiteral(?v)"),
    "datatype": failing("!isLiteral(?v) || datatype(?v) != ?datatype"),
    "typedAnywhere": "SELECT DISTINCT ?v WHERE { [] PATH ?v "
    "FILTER(isLiteral(?v) && datatype(?v) = ?datatype) }",
    "pattern": failing("isBlank(?v) || !COALESCE(regex(str(?v), ?pattern, ?flags), false)"),
    "minLength": failing("isBlank(?v) || STRLEN(STR(?v)) < ?bound"),
    "maxLength": failing("isBlank(?v) || STRLEN(STR(?v)) > ?bound"),
    # A value that cannot be compared with the bound breaks it.
    "minInclusive": failing(f"!COALESCE(?v >= ?bound && {_COMPARABLE}, false)"),
    "maxInclusive": failing(f"!COALESCE(?v <= ?bound && {_COMPARABLE}, false)"),
    "minExclusive": failing(f"!COALESCE(?v > ?bound && {_COMPARABLE}, false)"),
    "maxExclusive": failing(f"!COALESCE(?v < ?bound && {_COMPARABLE}, false)"),
    "languageIn": "SELECT ?this ?v WHERE { FOCUS VALUE } GROUP BY ?this ?v "
    "HAVING (SUM(IF(COALESCE(langMatches(lang(?v), ?allowed), false), 1, 0)) = 0)",
    "uniqueLang": 'SELECT ?this WHERE { FOCUS VALUE FILTER(isLiteral(?v) && lang(?v) != "") '
    "BIND(LCASE(lang(?v)) AS ?lang) } GROUP BY ?this ?lang HAVING (COUNT(DISTINCT ?v) > 1)",
    "equalsMissing": failing("NOT EXISTS { ?this ?other ?v }"),
    "equalsExtra": "SELECT DISTINCT ?this ?v WHERE { FOCUS ?this ?other ?v FILTER NOT EXISTS { HAS(?v) } }",
    "disjoint": "SELECT DISTINCT ?this ?v WHERE { FOCUS VALUE ?this ?other ?v }",
    # One result per pair of values that breaks the order, as the W3C suite expects.
    "lessThan": "SELECT DISTINCT ?this ?v ?w WHERE { FOCUS VALUE ?this ?other ?w "
    "FILTER(!COALESCE(?v < ?w && isNumeric(?v) = isNumeric(?w), false)) }",
    "lessThanOrEquals": "SELECT DISTINCT ?this ?v ?w WHERE { FOCUS VALUE ?this ?other ?w "
    "FILTER(!COALESCE(?v <= ?w && isNumeric(?v) = isNumeric(?w), false)) }",
    "closed": "SELECT ?this ?p ?o WHERE { FOCUS ?this ?p ?o } GROUP BY ?this ?p ?o "
    "HAVING (SUM(IF(sameTerm(?p, ?allowed), 1, 0)) = 0)",
}
# sh:nodeKind: the test a value node must pass, from this fixed table.
NODE_KINDS = {
    "IRI": "isIRI(?v)",
    "BlankNode": "isBlank(?v)",
    "Literal": "isLiteral(?v)",
    "BlankNodeOrIRI": "!isLiteral(?v)",
    "BlankNodeOrLiteral": "!isIRI(?v)",
    "IRIOrLiteral": "!isBlank(?v)",
}
COMPONENT = {
    "minCount": "MinCount",
    "maxCount": "MaxCount",
    "class": "Class",
    "in": "In",
    "hasValue": "HasValue",
    "datatype": "Datatype",
    "nodeKind": "NodeKind",
    "pattern": "Pattern",
    "minLength": "MinLength",
    "maxLength": "MaxLength",
    "minInclusive": "MinInclusive",
    "maxInclusive": "MaxInclusive",
    "minExclusive": "MinExclusive",
    "maxExclusive": "MaxExclusive",
    "languageIn": "LanguageIn",
    "uniqueLang": "UniqueLang",
    "equals": "Equals",
    "disjoint": "Disjoint",
    "lessThan": "LessThan",
    "lessThanOrEquals": "LessThanOrEquals",
    "closed": "Closed",
    "node": "Node",
    "not": "Not",
    "and": "And",
    "or": "Or",
    "xone": "Xone",
}
