"""Writing the corpus: agencies, indicators, periods and provinces, and each planned document
filled unit by unit against the running triple count.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from rdflib.term import URIRef

from nqgraph.corpora.synth.documents import _Document
from nqgraph.corpora.synth.plan import Defect, Province, SynthResult, _Plan
from nqgraph.corpora.synth.terms import (
    ALT,
    COMMENT,
    DATA_PREFIXES,
    DEFINITION,
    IN_SCHEME,
    LABEL,
    ORIGINAL,
    PREF,
    RELATED,
    RESULTING,
    SDG,
    SHAPES,
    TIME,
    A,
    Triple,
    _nq,
    _term,
    date_lit,
    en,
    iri,
    lcfirst,
    ordinal,
    plain,
    roman,
    slugify,
    vi,
    year_lit,
)
from nqgraph.corpora.synth.vocabulary import (
    AGENCY,
    BACKWARD,
    DEFECT_KINDS,
    EVENTS,
    FORWARD,
    NATIONAL,
    TERMS,
    EventSpec,
    Indicator,
)
from nqgraph.publish.serialize import turtle


class _Corpus:
    """The running state: shared files (agencies, indicators, periods …) and the triple count."""

    def __init__(self, n: int, seed: int, folder: Path) -> None:
        self.n = n
        self.seed = seed
        self.folder = folder
        self.rng = random.Random(seed)
        self.plan = _Plan(n, self.rng)
        self.shared: dict[str, set[Triple]] = {}
        self.shared_count = 0
        self.described: set[str] = set()
        self.written = 0
        self.files = 0
        self.defects: list[Defect] = []
        self.people: dict[tuple[str, int], URIRef] = {}
        self.keys: dict[URIRef, str] = {}  # agency IRI → its AGENCIES key
        self.person_slugs: set[str] = set()

    # -- shared resources, described once, in the file they belong to

    def _put(self, file: str, triples: list[Triple]) -> None:
        bucket = self.shared.setdefault(file, set())
        before = len(bucket)
        bucket.update(triples)
        self.shared_count += len(bucket) - before

    def _once(self, path: str) -> bool:
        if path in self.described:
            return False
        self.described.add(path)
        return True

    def province(self, p: Province) -> URIRef:
        s = iri(f"province/{p.slug}")
        if self._once(str(s)):
            kind = ("Thành phố", "city") if p.city else ("Tỉnh", "province")
            self._put(
                "provinces.ttl",
                [
                    (s, A, _nq("Province")),
                    (s, LABEL, vi(f"{kind[0]} {p.name}")),
                    (s, LABEL, en(f"{p.name} {kind[1]}")),
                    (s, ALT, vi(p.name)),
                    (s, _nq("isoCode"), plain(p.iso)),
                ],
            )
        return s

    def year(self, y: int) -> URIRef:
        s = iri(f"year/{y}")
        if self._once(str(s)):
            self._put(
                "periods.ttl",
                [
                    (s, A, _term(TIME, "Instant")),
                    (s, LABEL, vi(f"Năm {y}")),
                    (s, LABEL, en(f"Year {y}")),
                    (s, _term(TIME, "inXSDgYear"), year_lit(y)),
                ],
            )
        return s

    def period(self, start: int, end: int) -> URIRef:
        s = iri(f"period/{start}-{end}")
        if self._once(str(s)):
            self._put(
                "periods.ttl",
                [
                    (s, A, _term(TIME, "ProperInterval")),
                    (s, LABEL, vi(f"Giai đoạn {start} - {end}")),
                    (s, LABEL, en(f"Period {start}–{end}")),
                    (s, _term(TIME, "hasBeginning"), self.year(start)),
                    (s, _term(TIME, "hasEnd"), self.year(end)),
                ],
            )
        return s

    def indicator(self, ind: Indicator) -> URIRef:
        s = iri(f"indicator/{ind.slug}")
        if self._once(str(s)):
            scheme = iri("indicator")
            if self._once(str(scheme)):
                self._put(
                    "indicators/shared.ttl",
                    [
                        (scheme, A, _nq("IndicatorScheme")),
                        (scheme, LABEL, vi("Bộ chỉ số nqgraph")),
                        (scheme, LABEL, en("nqgraph indicators")),
                        (
                            scheme,
                            DEFINITION,
                            en("The indicators that targets of all documents and provinces are aligned on."),
                        ),
                    ],
                )
            triples: list[Triple] = [
                (s, A, _nq("Indicator")),
                (s, LABEL, vi(ind.vi)),
                (s, LABEL, en(ind.en)),
                (s, PREF, vi(ind.vi)),
                (s, PREF, en(ind.en)),
                (s, DEFINITION, en(f"{ind.en}, as the provincial resolutions state it.")),
                (s, IN_SCHEME, scheme),
                (s, _nq("unit"), _nq(ind.unit)),
            ]
            if ind.sdg:
                triples.append((s, RELATED, URIRef(SDG + ind.sdg)))
            self._put("indicators/shared.ttl", triples)
        return s

    def agency_iri(self, p: Province, key: str) -> URIRef:
        return iri(f"agency/{p.slug}/{AGENCY[key].slug.format(**p.words())}")

    def agency(self, p: Province, key: str, on: dt.date | None = None) -> URIRef:
        """The body a sentence of a document dated ``on`` names for ``key``: its successor if the
        2025 changes had ended it by then, its predecessor if they had not yet created it."""
        if on is not None:
            key = self.resolve(p, key, on)
        s = self.agency_iri(p, key)
        self.keys[s] = key
        if self._once(str(s)):
            spec, words = AGENCY[key], p.words()
            triples: list[Triple] = [
                (s, A, _nq("AgencyGroup" if spec.group else "Agency")),
                (s, LABEL, vi(spec.vi.format(**words))),
                (s, LABEL, en(spec.en.format(**words))),
                (s, ALT, vi(spec.short.format(**words))),
                (s, _nq("province"), self.province(p)),
            ]
            if spec.parent:
                triples.append((s, _nq("parentBody"), self.agency(p, spec.parent)))
            self._put(f"agencies/{p.slug}.ttl", triples)
            for event in EVENTS:
                if key in event.originals or key in event.results:
                    self.event(p, event)
        return s

    def resolve(self, p: Province, key: str, on: dt.date) -> str:
        """The key of the body that existed on ``on`` in place of ``key``."""
        for event in EVENTS:
            # A change whose date the sources do not give still happened in the 2025 reform.
            effective = p.event_dates[event.slug] or dt.date(2025, 3, 1)
            if key in event.originals and key not in event.results and on > effective:
                return self.resolve(p, FORWARD[key], on)
            if key in event.results and key not in event.originals and on <= effective:
                return self.resolve(p, BACKWARD[key], on)
        return key

    def event(self, p: Province, spec: EventSpec) -> None:
        s = iri(f"change/{p.slug}/{spec.slug}")
        if not self._once(str(s)):
            return
        words = p.words()
        olds = [AGENCY[k].short.format(**words) for k in spec.originals]
        news = [AGENCY[k].short.format(**words) for k in spec.results]
        olds_en = [AGENCY[k].en.format(**words) for k in spec.originals]
        news_en = [AGENCY[k].en.format(**words) for k in spec.results]
        if spec.kind == "Merger":
            label_vi = f"Hợp nhất {' và '.join(olds)} thành {news[0]} ({p.name})"
            label_en = f"Merger of the {' and the '.join(olds_en)} into the {news_en[0]}"
        elif spec.kind == "Rename":
            label_vi = f"{olds[0]} {p.name} được thay bằng {news[0]}"
            label_en = f"The {olds_en[0]} replaced by the {news_en[0]}"
        else:
            label_vi = f"Kết thúc hoạt động của {lcfirst(olds[0])} ({p.name})"
            label_en = f"The {olds_en[0]} ceased to exist"
        triples: list[Triple] = [
            (s, A, _nq("ChangeEvent")),
            (s, LABEL, vi(label_vi)),
            (s, LABEL, en(label_en)),
            (s, _nq("changeKind"), _nq(spec.kind)),
            (s, _nq("deciderStatus"), plain("unknown")),
        ]
        when = p.event_dates[spec.slug]
        triples.append(
            (s, _nq("changeDate"), date_lit(when)) if when else (s, _nq("changeDateStatus"), plain("unknown"))
        )
        self._put(f"agencies/{p.slug}.ttl", triples)
        for k in spec.originals:
            self._put(f"agencies/{p.slug}.ttl", [(s, ORIGINAL, self.agency(p, k))])
        for k in spec.results:
            self._put(f"agencies/{p.slug}.ttl", [(s, RESULTING, self.agency(p, k))])

    def secretary(self, p: Province, term: int) -> URIRef:
        if (p.slug, term) not in self.people:
            name = p.secretaries[term]
            slug, n = slugify(name), 1
            while slug in self.person_slugs:
                n += 1
                slug = f"{slugify(name)}-{n}"
            self.person_slugs.add(slug)
            s = iri(f"person/{slug}")
            start, end = TERMS[term]
            words = p.words()
            self._put(
                f"agencies/{p.slug}.ttl",
                [
                    (s, A, _nq("Person")),
                    (s, LABEL, vi(name)),
                    (s, LABEL, en(name)),
                    (
                        s,
                        COMMENT,
                        en(
                            f"Secretary of the {p.name} {words['pc']} Party Committee, {start}–{end} "
                            f"term (synthetic)."
                        ),
                    ),
                ],
            )
            self.people[(p.slug, term)] = s
        return self.people[(p.slug, term)]

    def congress_resolution(self, p: Province, term: int) -> tuple[URIRef, str]:
        """The provincial congress's resolution of a term (and its congress); returns its IRI and
        the citing phrase."""
        numeral, opened, closed = p.congress[term]
        start, end = TERMS[term]
        words = p.words()
        level = f"Đảng bộ {words['c']}"
        congress = iri(f"agency/{p.slug}/dai-hoi-{roman(numeral).lower()}")
        doc = iri(f"eli/{p.slug}/dh/{start}/01-nq-dh")
        if self._once(str(doc)):
            self._put(
                f"agencies/{p.slug}.ttl",
                [
                    (congress, A, _nq("Congress")),
                    (
                        congress,
                        LABEL,
                        vi(
                            f"Đại hội đại biểu {level} {p.name} lần thứ {roman(numeral)}, "
                            f"nhiệm kỳ {start} - {end}"
                        ),
                    ),
                    (
                        congress,
                        LABEL,
                        en(
                            f"{ordinal(numeral)} Congress of the {p.name} {words['pc']} Party "
                            f"Organisation ({start}–{end} term)"
                        ),
                    ),
                    (congress, ALT, vi(f"Đại hội đại biểu {level} lần thứ {roman(numeral)}")),
                    (congress, _nq("province"), self.province(p)),
                    (congress, _nq("congressOpenedOn"), date_lit(opened)),
                    (congress, _nq("congressClosedOn"), date_lit(closed)),
                ],
            )
            self._put(
                f"documents/{p.slug}-{start}-01-nq-dh.ttl",
                [
                    (doc, A, _nq("CongressResolution")),
                    (
                        doc,
                        LABEL,
                        vi(
                            f"Nghị quyết số 01-NQ/ĐH của Đại hội đại biểu {level} {p.name} lần thứ "
                            f"{roman(numeral)}, nhiệm kỳ {start} - {end}"
                        ),
                    ),
                    (
                        doc,
                        LABEL,
                        en(
                            f"Resolution 01-NQ/ĐH of the {ordinal(numeral)} Congress of the {p.name} "
                            f"{words['pc']} Party Organisation, {start}–{end} term"
                        ),
                    ),
                    (doc, _nq("documentNumber"), plain("01-NQ/ĐH")),
                    (doc, _nq("issuedOn"), date_lit(closed)),
                    (doc, _nq("issuedBy"), congress),
                    (doc, _nq("province"), self.province(p)),
                    (doc, _nq("committeeTerm"), self.period(start, end)),
                    (
                        doc,
                        _nq("metadataNote"),
                        en(f"Synthetic: generated by nqgraph synth, seed {self.seed}."),
                    ),
                ],
            )
        phrase = f"Nghị quyết Đại hội đại biểu {level} lần thứ {roman(numeral)}, nhiệm kỳ {start} - {end}"
        return doc, phrase

    def national_resolution(self, on: dt.date) -> tuple[URIRef, str] | None:
        """The resolution of the last national congress that closed before ``on``, if any."""
        past = [c for c in NATIONAL if c[2] < on]
        if not past:
            return None
        numeral, opened, closed = past[-1]
        party = iri("agency/vn/dang-cong-san-viet-nam")
        if self._once(str(party)):
            self._put(
                "agencies/vn.ttl",
                [
                    (party, A, _nq("Agency")),
                    (party, LABEL, vi("Đảng Cộng sản Việt Nam")),
                    (party, LABEL, en("Communist Party of Viet Nam")),
                    (party, ALT, vi("Đảng")),
                ],
            )
        congress = iri(f"agency/vn/dai-hoi-{roman(numeral).lower()}")
        doc = iri(f"eli/vn/dh/{opened.year}/nq-dai-hoi-{roman(numeral).lower()}")
        if self._once(str(doc)):
            self._put(
                "agencies/vn.ttl",
                [
                    (congress, A, _nq("Congress")),
                    (
                        congress,
                        LABEL,
                        vi(f"Đại hội đại biểu toàn quốc lần thứ {roman(numeral)} của Đảng Cộng sản Việt Nam"),
                    ),
                    (
                        congress,
                        LABEL,
                        en(f"{ordinal(numeral)} National Congress of the Communist Party of Viet Nam"),
                    ),
                    (congress, ALT, vi(f"Đại hội {roman(numeral)} của Đảng")),
                    (congress, _nq("parentBody"), party),
                    (congress, _nq("congressOpenedOn"), date_lit(opened)),
                    (congress, _nq("congressClosedOn"), date_lit(closed)),
                ],
            )
            self._put(
                f"documents/vn-{opened.year}-nq-dai-hoi-{roman(numeral).lower()}.ttl",
                [
                    (doc, A, _nq("CongressResolution")),
                    (
                        doc,
                        LABEL,
                        vi(f"Nghị quyết Đại hội đại biểu toàn quốc lần thứ {roman(numeral)} của Đảng"),
                    ),
                    (
                        doc,
                        LABEL,
                        en(
                            f"Resolution of the {ordinal(numeral)} National Congress of the Communist "
                            f"Party of Viet Nam"
                        ),
                    ),
                    (doc, _nq("issuedOn"), date_lit(closed)),
                    (doc, _nq("issuedBy"), congress),
                    (doc, _nq("committeeTerm"), self.period(opened.year, opened.year + 5)),
                    (
                        doc,
                        _nq("metadataNote"),
                        en(f"Synthetic: generated by nqgraph synth, seed {self.seed}."),
                    ),
                ],
            )
        return doc, f"Nghị quyết Đại hội đại biểu toàn quốc lần thứ {roman(numeral)} của Đảng"

    # -- the whole corpus

    @property
    def total(self) -> int:
        return self.written + self.shared_count

    def defect(
        self,
        focus: URIRef,
        kind: str,
        *,
        path: str | None = None,
        shape: str | None = None,
        component: str | None = None,
        severity: str | None = None,
    ) -> None:
        sev, shp, pth, comp, note = DEFECT_KINDS[kind]
        self.defects.append(
            Defect(
                iri=str(focus),
                severity=severity or sev,
                shape=SHAPES + (shape or shp),
                path=path or pth,
                component=component or comp,
                kind=kind,
                note=note,
            )
        )

    def write_file(self, rel: str, triples: set[Triple]) -> None:
        path = self.folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(turtle(triples, prefixes=DATA_PREFIXES))
        self.files += 1

    def run(self, out: Path) -> SynthResult:
        docs = self.plan.docs
        weights_left = sum(d.weight for d in docs)
        for d in docs:
            # Each document takes its share of what is left, so the count self-corrects as it goes.
            goal = self.total + (self.n - self.total) * d.weight / weights_left
            weights_left -= d.weight
            builder = _Document(self, d)
            builder.fill(goal, last=d is docs[-1])
            self.write_file(d.file, builder.triples)
            self.written += len(builder.triples)
        for rel in sorted(self.shared):
            self.write_file(rel, self.shared[rel])
        defects = tuple(sorted(self.defects, key=lambda x: (x.kind, x.iri, x.path)))
        manifest = {
            "generator": "nqgraph synth",
            "seed": self.seed,
            "requested_triples": self.n,
            "asserted_triples": self.total,
            "documents": len(docs),
            "provinces": len(self.plan.provinces),
            "note": "Every SHACL result a build of this folder reports, and nothing else: focus node "
            "(iri), severity, shape, result path and constraint component; kind names the seeded defect.",
            "defects": [d.__dict__ for d in defects],
        }
        (self.folder / "defects.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        return SynthResult(
            out=out,
            seed=self.seed,
            requested=self.n,
            triples=self.total,
            files=self.files,
            documents=len(docs),
            provinces=len(self.plan.provinces),
            defects=defects,
        )
