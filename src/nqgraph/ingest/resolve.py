"""Resolving what a text names against the graph: agencies, documents and indicators.

Names are compared after folding (case, diacritics and tone-mark placement: "Uỷ"/"Ủy"), with
abbreviations written out (UBND, HĐND, MTTQ, BCH, BTV, TU, TW, KH&CN …) and the province's own name
optional ("Ban Tổ chức Tỉnh ủy" is "Ban Tổ chức Tỉnh ủy Điện Biên" in Điện Biên). A name is looked
up among the agencies of the province first, then among the central bodies. A body known under an
old name resolves to the body that name denotes; :meth:`Resolver.agency_match` also says which
bodies succeeded it (``nq:ChangeEvent`` with ``org:originalOrganization`` and
``org:resultingOrganization``).

A document is found by its number together with its date and its issuer, its province or a central
number: numbers restart with every term and repeat across provinces, so a number without its date
identifies only the province's one document of that number. A congress resolution is found by the
congress (its ordinal and province, or the national congress); a named programme or plan by its
name. A document the graph does not hold is given a stub IRI by :func:`is_central` (central or
provincial) and :func:`stub_issuer`.

What the graph knows also finds names the readers cannot tell from ordinary words:
:meth:`Resolver.known_agencies` marks the known agencies' names in a passage as texts print them
(:func:`printed_key`), and :meth:`Resolver.document_by_name` a document named in lower case.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from nqgraph.errors import DataError
from nqgraph.ingest.model import Span
from nqgraph.ingest.readers._text import fold_same_length
from nqgraph.ingest.readers.agencies import normalise_name
from nqgraph.ingest.readers.references import KIND_CLASSES, DocumentReference
from nqgraph.namespaces import ID, NQ, RDF_TYPE, RDFS
from nqgraph.paths import Inputs
from nqgraph.text import fold, nfc

_SKOS = "http://www.w3.org/2004/02/skos/core#"
_ORG = "http://www.w3.org/ns/org#"
_LABEL, _ALT, _PREF = RDFS + "label", _SKOS + "altLabel", _SKOS + "prefLabel"
_AGENCY_PREFIX = ID + "agency/"
_PROVINCE_PREFIX = ID + "province/"
_CENTRAL = "vn"

# Abbreviations as printed (case matters: "TU" is Tỉnh ủy, "tư" is not), written out before folding.
_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("MTTQ", "Mặt trận Tổ quốc"),
    ("BCH", "Ban Chấp hành"),
    ("BTV", "Ban Thường vụ"),
    ("VPTU", "Văn phòng Tỉnh ủy"),
    ("VPUB", "Văn phòng Ủy ban nhân dân"),
    ("TU", "Tỉnh ủy"),
    ("TW", "Trung ương"),
    ("KH&CN", "Khoa học và Công nghệ"),
    ("KHCN", "Khoa học và Công nghệ"),
    ("HTX", "Hợp tác xã"),
    ("CT-XH", "chính trị - xã hội"),
    ("QLDA", "Quản lý dự án"),
    ("ĐU", "Đảng ủy"),
)
_ABBREVIATION = re.compile(
    r"(?<![\w&-])(" + "|".join(re.escape(a) for a, _ in _ABBREVIATIONS) + r")(?![\w&])"
)
_WRITTEN_OUT = dict(_ABBREVIATIONS)

# The last code of a central document's number ("57-NQ/TW", "80/2021/NĐ-CP", "08-KL/TW"), folded; a
# ministry's code is a longer one starting with "b" ("BGDĐT", "BNNPTNT").
_CENTRAL_CODES = frozenset(
    ["tw", "cp", "ttg", "qh", "btctw", "vptw", "bct", "ubtvqh", "btgtw", "ubkttw", "ubtvqh15"]
)
_CENTRAL_ISSUER = re.compile(r"trung uong|bo chinh tri|chinh phu|thu tuong|quoc hoi|ban bi thu")


@dataclass(frozen=True)
class AgencyMatch:
    """The agency a name denotes, and the bodies that succeeded it after a rename or merger."""

    iri: str
    label: str
    successors: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnownAgency:
    """A known agency's name found in a text: its span, the name as printed (one space), its IRI."""

    span: Span
    name: str
    iri: str


@dataclass(frozen=True)
class NamedDocument:
    """A document the graph holds, named in a text without a number: the kind word's span and class."""

    span: Span
    kind: str
    iri: str


# A kind word that opens a name printed in lower case ("các chương trình mục tiêu quốc gia …").
_NAMED_KIND = re.compile(r"(?<![a-z])(?:cac\s+)?(chuong trinh|de an|ke hoach|quy hoach)\s")


@dataclass
class _Document:
    iri: str
    kinds: set[str] = field(default_factory=set)
    number: str | None = None
    date: dt.date | None = None
    province: str | None = None
    issuer: str | None = None
    labels: list[str] = field(default_factory=list)


def _key(name: str) -> str:
    """A name folded for comparison: abbreviations written out, punctuation and "Việt Nam" dropped.

    >>> _key("UBND tỉnh") == _key("Uỷ ban nhân dân  Tỉnh")
    True
    >>> _key("Ủy ban MTTQ tỉnh") == _key("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh")
    True
    """
    written = _ABBREVIATION.sub(lambda m: " " + _WRITTEN_OUT[m.group(1)] + " ", nfc(name))
    folded = fold(written)
    folded = re.sub(r"[^\w\s]", " ", folded)
    folded = re.sub(r"\bto quoc viet nam\b", "to quoc", folded)
    return " ".join(folded.split())


def _without_province(key: str, province_names: Iterable[str]) -> str:
    """The key without the province's own name ("… tỉnh Điện Biên" → "… tỉnh")."""
    for name in province_names:
        key = re.sub(rf"\btinh {re.escape(name)}\b", "tinh", key)
        key = re.sub(rf"\b{re.escape(name)}\b", "", key)
    return " ".join(key.split())


def _variants(key: str) -> Iterator[str]:
    """The key, then the forms printed texts use for it: without "các", without a final "tỉnh".

    "… trong tỉnh", "… trên địa bàn tỉnh" say "tỉnh"; "Mặt trận Tổ quốc tỉnh" is its committee.
    """
    key = re.sub(r" (?:trong|tren dia ban|cua) tinh$", " tinh", key)
    seen: set[str] = set()
    committee = "uy ban " + key if key.startswith("mat tran to quoc") else key
    for candidate in (key, re.sub(r"^cac ", "", key), re.sub(r" tinh$", "", key), committee):
        for form in (candidate, re.sub(r" tinh$", "", re.sub(r"^cac ", "", candidate))):
            if form and form not in seen:
                seen.add(form)
                yield form


def _slug(iri: str, prefix: str) -> str | None:
    return iri[len(prefix) :].split("/", 1)[0] if iri.startswith(prefix) else None


def _number_key(number: str) -> str:
    """A document number compared without spaces, case or the bar of Đ ("15 -NQ/TU" = "15-NQ/TU")."""
    return re.sub(r"\s+", "", number).upper().replace("Đ", "D")


def _last_code(number: str) -> str:
    return fold(re.split(r"[-/]", number)[-1])


def is_central(ref: DocumentReference) -> bool:
    """Whether ``ref`` names a document of the central level rather than the province's.

    A number ending in a central code ("57-NQ/TW", "99/2023/NĐ-CP", a ministry's "BGDĐT"), a central
    issuer ("của Bộ Chính trị", "của Chính phủ"), a national congress ("Đại hội … toàn quốc",
    "Đại hội XIII của Đảng", any congress not of a "Đảng bộ").

    >>> from nqgraph.ingest.readers.references import find_references
    >>> [is_central(r) for r in find_references("Nghị quyết số 57-NQ/TW và Nghị quyết số 03-NQ/TU")]
    [True, False]
    """
    if ref.kind == "CongressResolution" and not ref.number:
        printed = fold(ref.issuer_text or ref.text)
        return "toan quoc" in printed or "dang bo" not in printed
    if ref.number:
        last = _last_code(ref.number)
        if last in _CENTRAL_CODES or (last.startswith("b") and len(last) > 3 and last != "btvtu"):
            return True
    return bool(ref.issuer_text and _CENTRAL_ISSUER.search(fold(ref.issuer_text)))


def stub_issuer(ref: DocumentReference) -> str:
    """The issuer segment of a new document's ELI IRI: from the issuer printed, else the number's code.

    >>> from nqgraph.ingest.readers.references import find_references
    >>> [stub_issuer(r) for r in find_references("Quy định số 20-QĐ/TU ngày 2/3/2025 của Ban Thường vụ "
    ...                                           "Tỉnh ủy; Kế hoạch số 71/KH-UBND")]
    ['btvtu', 'ubnd']
    """
    if ref.issuer_text:
        folded = fold(ref.issuer_text)
        if "ban thuong vu" in folded:
            return "btvtu"
        if "ban chap hanh dang bo tinh" in folded or "tinh uy" in folded:
            return "tu"
        if "uy ban nhan dan" in folded or "ubnd" in folded:
            return "ubnd"
    if ref.number:
        return re.sub(r"[^a-z0-9]+", "-", _last_code(ref.number)).strip("-") or "unknown"
    return "unknown"


# The abbreviations the printed-name index writes out after folding (long, short): those whose folded
# form is no Vietnamese word ("tu" is also "tư", "từ"; "du" is "du lịch").
_PRINTED_ABBREVIATIONS: tuple[tuple[str, str], ...] = tuple(
    (fold(long), fold(short)) for short, long in _ABBREVIATIONS if short in ("UBND", "HĐND", "MTTQ", "KH&CN")
)


def printed_key(name: str) -> str:
    """A name as printed texts spell it, for finding known names in a passage: folded, abbreviations
    written out, quotes, brackets and dots dropped, commas kept ("các sở, ban, ngành" is printed so).

    >>> printed_key("Các sở, ban, ngành; UBND tỉnh")
    'cac so, ban, nganh; uy ban nhan dan tinh'
    """
    key = fold(name).replace("-", " - ")
    key = re.sub(r"[\"“”'().]", " ", key)
    for long, short in _PRINTED_ABBREVIATIONS:
        key = re.sub(rf"\b{re.escape(short)}(?=\s|$)", long, key)
    key = key.replace("mat tran to quoc viet nam", "mat tran to quoc")
    return " ".join(key.split())


def printed_variants(key: str) -> set[str]:
    """The spellings of a :func:`printed_key` seen in texts: abbreviated, with "Việt Nam", "A-B"."""
    out = {key}
    for long, short in _PRINTED_ABBREVIATIONS:
        for existing in list(out):
            if long in existing:
                out.add(existing.replace(long, short))
    out |= {
        v.replace("mat tran to quoc", "mat tran to quoc viet nam") for v in out if "mat tran to quoc" in v
    }
    out |= {v.replace(" - ", "-") for v in out}
    return {" ".join(v.split()) for v in out if v.strip()}


def _without_own_province(label: str, names: Iterable[str]) -> str | None:
    """The label without its province's name at the end ("Sở Y tế tỉnh Điện Biên" → "Sở Y tế")."""
    folded = fold_same_length(label)
    for name in names:
        for suffix in (f" tinh {name}", f" {name}"):
            if folded.endswith(suffix):
                return label[: len(label) - len(suffix)]
    return None


def _label_key(label: str) -> str:
    """A document's label as a named mention is compared: folded, commas and spacing dropped."""
    return " ".join(fold_same_length(label).replace(",", " ").split())


class Resolver:
    """Look-ups against the agencies, documents and indicators of a data folder."""

    def __init__(self, triples: Iterable[tuple[str, str, str | dt.date]]) -> None:
        types: dict[str, set[str]] = defaultdict(set)
        labels: dict[str, list[tuple[int, str]]] = defaultdict(list)
        values: dict[tuple[str, str], list[str | dt.date]] = defaultdict(list)
        for subject, predicate, value in triples:
            if predicate == RDF_TYPE and isinstance(value, str):
                types[subject].add(value)
            elif predicate in (_LABEL, _PREF, _ALT) and isinstance(value, str):
                labels[subject].append((0 if predicate == _LABEL else 1, value))
            else:
                values[(subject, predicate)].append(value)
        self._province_names: dict[str, list[str]] = {}
        for iri, kinds in types.items():
            if NQ + "Province" in kinds and (slug := _slug(iri, _PROVINCE_PREFIX)):
                names = {fold(label) for _, label in labels[iri]}
                self._province_names[slug] = sorted(
                    {re.sub(r"^tinh ", "", n) for n in names if not n.endswith("province")},
                    key=len,
                    reverse=True,
                )
        self._agencies: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
        # Every label as printed (and without the province's name), for names found in a passage.
        self._printed: dict[str, dict[str, str]] = defaultdict(dict)
        self._full: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._labels: dict[str, str] = {}
        self._congresses: dict[tuple[str, str], str] = {}
        agency_kinds = {NQ + "Agency", NQ + "AgencyGroup", NQ + "Congress"}
        for iri, kinds in types.items():
            scope = _slug(iri, _AGENCY_PREFIX)
            if scope is None or not kinds & agency_kinds:
                continue
            own = self._province_names.get(scope, [])
            for priority, label in labels[iri]:
                for printed in (label, _without_own_province(label, own)):
                    if printed:
                        self._printed[scope].setdefault(printed_key(printed), iri)
                self._full[scope][_key(label)].add(iri)
                if priority == 0 and iri not in self._labels:
                    self._labels[iri] = label
                for rank, variant in enumerate(_variants(_without_province(_key(label), own))):
                    score = priority * 10 + rank
                    known = self._agencies[scope][variant]
                    known[iri] = min(score, known.get(iri, score))
                if NQ + "Congress" in kinds and (ordinal := _ordinal(label)):
                    self._congresses[(scope, ordinal)] = iri
        self._typed = frozenset(types)
        self._name_patterns: dict[str, tuple[re.Pattern[str] | None, dict[str, str]]] = {}
        self._successors = _successors(types, values)
        self._documents = _documents(types, labels, values)
        self._by_number: dict[str, list[_Document]] = defaultdict(list)
        self._named_keys: dict[str | None, list[tuple[str, str]]] = defaultdict(list)
        for document in self._documents:
            if document.number:
                self._by_number[_number_key(document.number)].append(document)
                continue
            own = self._province_names.get(document.province, []) if document.province else []
            for label in document.labels:
                key = re.sub(r"^cac ", "", _without_province(_key(label), own))
                self._named_keys[document.province].append((key, document.iri))
        self._by_label: dict[str, str] = {}
        for document in self._documents:
            for label in document.labels:
                key = _label_key(label)
                self._by_label.setdefault(key, document.iri)
                self._by_label.setdefault(re.sub(r"^cac\s+", "", key), document.iri)
        self._indicators: dict[str, str] = {}
        for iri, kinds in sorted(types.items()):
            if NQ + "Indicator" in kinds:
                for _, label in sorted(labels[iri]):
                    self._indicators.setdefault(_key(label), iri)

    @classmethod
    def from_data(cls, data: Path | None = None) -> Resolver:
        """Load every ``*.ttl`` file under ``data`` (default: the project's ``data/ttl``)."""
        folder = data or Inputs.default().data
        if not folder.is_dir():
            raise DataError(f"{folder}: no such data folder")
        return cls(_read_triples(sorted(folder.rglob("*.ttl"))))

    def exists(self, iri: str) -> bool:
        """Whether the data folder describes ``iri`` (gives it a type): a draft must not again."""
        return iri in self._typed

    # Agencies

    def agency(self, name: str, *, province: str | None) -> str | None:
        """The IRI of the agency ``name`` denotes in ``province`` (a slug), or None."""
        match = self.agency_match(name, province=province)
        return match.iri if match else None

    def agency_names(self, province: str) -> dict[str, str]:
        """Every printed spelling of the province's and the central agencies' names, to the IRI."""
        names: dict[str, str] = {}
        for scope in (province, _CENTRAL):
            for key, iri in self._printed.get(scope, {}).items():
                for variant in printed_variants(key):
                    names.setdefault(variant, iri)
        return names

    def known_agencies(self, text: str, span: Span, *, province: str) -> list[KnownAgency]:
        """The known agencies named in ``text[span]``, left to right, the longest name first.

        Names of several words only ("Đảng" alone is too common a word to mark a body), matched on
        a same-length folded copy so that a match is a span of the text.
        """
        if province not in self._name_patterns:
            names = self.agency_names(province)
            alternatives = sorted((v for v in names if " " in v), key=len, reverse=True)
            pattern = "|".join(r"\s+".join(re.escape(w) for w in v.split()) for v in alternatives)
            compiled = re.compile(rf"(?<![\w&])(?:{pattern})(?![\w&])") if pattern else None
            self._name_patterns[province] = (compiled, names)
        compiled, names = self._name_patterns[province]
        if compiled is None:
            return []
        # Quotes, brackets and dots are dropped from the printed keys; blanking them keeps offsets.
        folded = re.sub(r"[\t\n\r\"“”'().]", " ", fold_same_length(text[span.start : span.end]))
        found: list[KnownAgency] = []
        for m in compiled.finditer(folded):
            start, end = span.start + m.start(), span.start + m.end()
            found.append(
                KnownAgency(
                    Span(start, end), " ".join(text[start:end].split()), names[" ".join(m.group(0).split())]
                )
            )
        return found

    def agency_match(self, name: str, *, province: str | None) -> AgencyMatch | None:
        """The agency ``name`` denotes, with its successors; None when unknown or ambiguous.

        The province's agencies are searched first by their folded names, then the central bodies;
        without a province, the central bodies, then a name that only one province knows. A name
        may leave out the level ("tỉnh", "Đảng") or the committee ("Kiểm tra Tỉnh ủy", "Mặt trận Tổ
        quốc tỉnh") and open with "Giao" or "Đề nghị"; a name two bodies share settles nothing.
        """
        name = normalise_name(name)  # "Giao Sở Y tế", "Đề nghị: Hội Nông dân …": the address is no name
        key = _key(name)
        own_names = self._province_names.get(province, []) if province else []
        scopes: list[str] = [province, _CENTRAL] if province else [_CENTRAL]
        # "UBND tỉnh Yên Bái" in a Lào Cai text names a body of another province.
        scopes += [
            slug
            for slug, names in sorted(self._province_names.items())
            if slug not in scopes and any(re.search(rf"\b(?:tinh )?{re.escape(n)}\b", key) for n in names)
        ]
        for scope in scopes:
            bare = _without_province(key, self._province_names.get(scope, []))
            for candidate in (bare, f"{bare} tinh", f"{bare} dang", f"uy ban {bare}", f"uy ban {bare} tinh"):
                iri = self._find(scope, candidate)
                if iri:
                    return AgencyMatch(iri, self._labels.get(iri, name), self._successors.get(iri, ()))
        # A body of another province named with it ("UBND tỉnh Yên Bái" in a Lào Cai text): whole names only.
        if province is not None and re.search(r"\btinh \w+ \w+$", _without_province(key, own_names)):
            found_elsewhere = {
                iri
                for scope, index in self._full.items()
                if scope not in scopes
                for iri in index.get(key, ())
            }
            if len(found_elsewhere) == 1:
                iri = found_elsewhere.pop()
                return AgencyMatch(iri, self._labels.get(iri, name), self._successors.get(iri, ()))
        if province is None:
            found = {
                iri
                for scope in self._agencies
                if scope != _CENTRAL
                and (iri := self._find(scope, _without_province(key, self._province_names.get(scope, []))))
            }
            if len(found) == 1:
                iri = found.pop()
                return AgencyMatch(iri, self._labels.get(iri, name), self._successors.get(iri, ()))
        return None

    def _find(self, scope: str, key: str) -> str | None:
        index = self._agencies.get(scope)
        if not index:
            return None
        for variant in _variants(key):
            known = index.get(variant)
            if known:
                best = min(known.values())
                winners = sorted(iri for iri, score in known.items() if score == best)
                return winners[0] if len(winners) == 1 else None
        return None

    # Documents

    def document(self, ref: DocumentReference, *, province: str | None) -> str | None:
        """The IRI of the document ``ref`` cites, or None when the graph has none that agrees.

        A numbered document needs its number and date to agree, and its issuer, its province or a
        central number; a number without a date, to be the province's only document of that number.
        """
        if ref.number:
            return self._numbered(ref, province)
        if ref.kind == "CongressResolution" and ref.ordinal:
            return self._congress_resolution(ref, province)
        if ref.title:
            return self._named(ref, province)
        return None

    def _numbered(self, ref: DocumentReference, province: str | None) -> str | None:
        assert ref.number is not None
        central = is_central(ref)
        if ref.date is None:
            # A number printed without its date ("the Resolution 06-NQ/TU" after its first mention)
            # is the graph's only document of that number in the province (or the centre); where
            # the number was reused in another term, it identifies none.
            scopes = (None, _CENTRAL) if central else (province,)
            same = {d.iri for d in self._by_number.get(_number_key(ref.number), []) if d.province in scopes}
            return same.pop() if province is not None and len(same) == 1 else None
        found = []
        issuer = self.agency(ref.issuer_text, province=province) if ref.issuer_text else None
        for document in self._by_number.get(_number_key(ref.number), []):
            undated = document.date is None and _iri_year(document.iri) == ref.date.year
            if document.date != ref.date and not undated:
                continue
            by_issuer = issuer is not None and issuer == document.issuer
            by_province = province is not None and document.province == province
            # A central number ("57-NQ/TW") and its date identify the document in any province.
            by_centre = central and document.province in (None, _CENTRAL)
            if by_issuer or by_province or by_centre:
                found.append(document.iri)
        return found[0] if len(found) == 1 else None

    def _congress_resolution(self, ref: DocumentReference, province: str | None) -> str | None:
        assert ref.ordinal is not None
        scope = _CENTRAL if is_central(ref) else province
        if scope is None:
            return None
        congress = self._congresses.get((scope, ref.ordinal.upper()))
        found = [
            d.iri
            for d in self._documents
            if congress and d.issuer == congress and NQ + "CongressResolution" in d.kinds
        ]
        if len(found) == 1:
            return found[0]
        # A congress the graph does not describe as a body: its resolution by label or by IRI.
        ordinal = ref.ordinal.lower()
        for document in self._documents:
            labels = " ".join(fold(label) for label in document.labels)
            in_scope = f"/eli/{scope}/" in document.iri and "dai hoi" in labels
            if in_scope and re.search(rf"\blan thu {ordinal}\b", labels):
                return document.iri
        suffix = f"/nq-dai-hoi-{ordinal}"
        return next(
            (iri for iri in sorted(self._typed) if iri.endswith(suffix) and f"/eli/{scope}/" in iri), None
        )

    def _named(self, ref: DocumentReference, province: str | None) -> str | None:
        """A document without a number, by its name; a name cut short in the text matches the start.

        "Kế hoạch kiên cố hóa trường" finds "Kế hoạch kiên cố hóa trường, lớp học" when no other
        document of the province (or of the centre) starts so; a short name must match whole.
        """
        assert ref.title is not None
        for scope in (province, None):
            names = self._province_names.get(scope, []) if scope else []
            title = re.sub(r"^cac ", "", _without_province(_key(ref.title), names))
            found = {
                iri
                for key, iri in self._named_keys.get(scope, [])
                if key == title
                or (
                    min(len(key.split()), len(title.split())) >= 4
                    and (key.startswith(title + " ") or title.startswith(key + " "))
                )
            }
            if len(found) == 1:
                return found.pop()
        return None

    def document_by_name(self, phrase: str) -> str | None:
        """The document whose label is ``phrase`` (folded, without commas or a leading "các"), or None.

        For names printed in lower case inside a sentence ("chương trình mục tiêu quốc gia …"), which
        the reference reader does not take for names: the graph knowing the name is what makes one.
        """
        return self._by_label.get(_label_key(phrase))

    def documents_named(self, text: str, span: Span) -> list[NamedDocument]:
        """Documents the graph holds that ``text[span]`` names by their label, in lower case too.

        From each kind word ("chương trình", "đề án", "kế hoạch", "quy hoạch"), the longest run of
        up to 40 words that is a document's whole label (:meth:`document_by_name`).
        """
        folded = fold_same_length(text[span.start : span.end]).replace("\n", " ")
        found: list[NamedDocument] = []
        for m in _NAMED_KIND.finditer(folded):
            best: str | None = None
            for word in list(re.finditer(r"\S+", folded[m.start() :]))[:40]:
                best = self.document_by_name(folded[m.start() : m.start() + word.end()].rstrip(".;:")) or best
            if best:
                at = span.start + m.start()
                found.append(NamedDocument(Span(at, at + len(m.group(0))), KIND_CLASSES[m.group(1)], best))
        return found

    # Indicators

    def indicator(self, phrase: str) -> str | None:
        """The indicator whose label, preferred or alternative label is ``phrase`` (folded), or None."""
        return self._indicators.get(_key(phrase))


def _ordinal(label: str) -> str | None:
    """The congress number in a label: "… lần thứ XV …", "Đại hội XIII …"."""
    match = re.search(r"(?:lần thứ|Đại hội)\s+([IVXLC]+)\b", nfc(label))
    return match.group(1) if match else None


def _iri_year(iri: str) -> int | None:
    match = re.search(r"/eli/[^/]+/[^/]+/(\d{4})/", iri)
    return int(match.group(1)) if match else None


def _successors(
    types: dict[str, set[str]], values: dict[tuple[str, str], list[str | dt.date]]
) -> dict[str, tuple[str, ...]]:
    """For each body changed by an ``nq:ChangeEvent``, every body that followed it, transitively."""
    direct: dict[str, set[str]] = defaultdict(set)
    for iri, kinds in types.items():
        if NQ + "ChangeEvent" not in kinds:
            continue
        for original in values.get((iri, _ORG + "originalOrganization"), []):
            for resulting in values.get((iri, _ORG + "resultingOrganization"), []):
                if isinstance(original, str) and isinstance(resulting, str) and original != resulting:
                    direct[original].add(resulting)
    closed: dict[str, tuple[str, ...]] = {}
    for body in direct:
        seen: set[str] = set()
        todo = list(direct[body])
        while todo:
            successor = todo.pop()
            if successor not in seen and successor != body:
                seen.add(successor)
                todo.extend(direct.get(successor, ()))
        closed[body] = tuple(sorted(seen))
    return closed


def _documents(
    types: dict[str, set[str]],
    labels: dict[str, list[tuple[int, str]]],
    values: dict[tuple[str, str], list[str | dt.date]],
) -> list[_Document]:
    documents = []
    for iri, kinds in sorted(types.items()):
        # eli/{province}/{issuer}/{year}/{name}: deeper IRIs are the document's parts.
        if not iri.startswith(ID + "eli/") or len(iri[len(ID + "eli/") :].split("/")) != 4:
            continue
        number = values.get((iri, NQ + "documentNumber"), [None])[0]
        date = values.get((iri, NQ + "issuedOn"), [None])[0]
        province = values.get((iri, NQ + "province"), [None])[0]
        issuer = values.get((iri, NQ + "issuedBy"), [None])[0]
        documents.append(
            _Document(
                iri,
                kinds,
                number if isinstance(number, str) else None,
                date if isinstance(date, dt.date) else None,
                _slug(province, _PROVINCE_PREFIX) if isinstance(province, str) else None,
                issuer if isinstance(issuer, str) else None,
                [label for _, label in labels.get(iri, []) if not label.isascii()]
                or [label for _, label in labels.get(iri, [])],
            )
        )
    return documents


_WANTED = {
    RDF_TYPE,
    _LABEL,
    _ALT,
    _PREF,
    NQ + "documentNumber",
    NQ + "issuedOn",
    NQ + "issuedBy",
    NQ + "province",
    _ORG + "originalOrganization",
    _ORG + "resultingOrganization",
}


def _read_triples(paths: list[Path]) -> Iterator[tuple[str, str, str | dt.date]]:
    """The triples the resolver needs: IRIs as strings, Vietnamese or untagged labels, dates."""
    for path in paths:
        try:
            triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except (SyntaxError, ValueError, OSError) as exc:
            raise DataError(f"{path}: cannot be read as Turtle: {exc}") from exc
        for triple in triples:
            predicate = triple.predicate.value
            if predicate not in _WANTED or not isinstance(triple.subject, ox.NamedNode):
                continue
            value = triple.object
            if isinstance(value, ox.NamedNode):
                yield triple.subject.value, predicate, value.value
            elif isinstance(value, ox.Literal):
                if predicate == NQ + "issuedOn":
                    try:
                        yield triple.subject.value, predicate, dt.date.fromisoformat(value.value)
                    except ValueError:
                        continue
                elif value.language in (None, "vi"):
                    yield triple.subject.value, predicate, nfc(value.value)
