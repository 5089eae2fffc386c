"""Score a drafted graph against the curated graph of the same text: precision, recall and F1 for
each kind of fact, with every missed and every extra fact listed beside its sentence.

The curated facts of a text are the components whose ``nq:statedIn`` is the expression whose
``nq:sourceFile`` is that text; a component stated in two variants takes its sentence for this
variant from its ``nq:Attestation``. The draft's facts are all the components of the draft graph.
Facts are compared kind by kind on normalised values (decimals as ``Decimal``, dates as ISO
strings, document numbers without stray spaces, agencies by IRI or, for an agency the draft
proposes, by its folded label against the curated agencies' labels):

- header fields: number, date, issuer, province, title, signer of the document. A curated field
  that this text does not print (10-NQ/TU's variants print no number) is listed as not printed
  and not scored: no draft could read it from the text; a drafted field that the curated
  document does not record at all (19-NQ/TU has no title) is listed as not recorded and not
  scored: nobody has said what it should be;
- citations: by the cited document's (number, date); a date that one side does not know agrees
  with any date; a document without a number by its IRI;
- targets (relative ones too): by (year, comparator, value, valueMax, unit, direction, reference
  year) within the same sentence;
- observations: by (year, value, unit) within the same sentence;
- assignments: by (agency, role) within the same item, role one of lead, participant, supervisor;
- appendix rows: by (ordinal, lead agency);
- section paths: the ``nq:sectionPath`` of every section, as strings.

"Within the same sentence" means that the places of the two facts in the source overlap: each
fact's sentence (``nq:sourceText``) is found in the text, and a drafted fact's
``nq:spanStart``/``nq:spanEnd`` count too. Facts are paired one to one (a maximum matching), so a
value stated twice must be drafted twice.

The package is laid out along those steps: ``result`` (facts, scores, their tables and JSON),
``values`` (normalised values), ``places`` (sentences in the text), ``names`` (``CuratedNames``:
which curated resource a drafted one is), ``reading`` (the facts of each kind), ``header`` (the
header fields and whether the text prints them), ``matching`` (pairing facts one to one),
``compare`` (``score``: all of it for one text) and ``graphs`` (reading Turtle, naming a text).
"""

from __future__ import annotations

from nqgraph.ingest.score.compare import draft_document, score
from nqgraph.ingest.score.graphs import ScoreError, curated_graph, read_graph, source_file_of
from nqgraph.ingest.score.header import HEADER_FIELDS
from nqgraph.ingest.score.names import CuratedNames
from nqgraph.ingest.score.places import Places
from nqgraph.ingest.score.reading import ROLES, Side
from nqgraph.ingest.score.result import (
    KINDS,
    Fact,
    KindScore,
    Score,
    f1,
    facts,
    figure,
    listing,
    table,
    to_json,
)
from nqgraph.ingest.score.values import document_number

__all__ = [
    "HEADER_FIELDS",
    "KINDS",
    "ROLES",
    "CuratedNames",
    "Fact",
    "KindScore",
    "Places",
    "Score",
    "ScoreError",
    "Side",
    "curated_graph",
    "document_number",
    "draft_document",
    "f1",
    "facts",
    "figure",
    "listing",
    "read_graph",
    "score",
    "source_file_of",
    "table",
    "to_json",
]
