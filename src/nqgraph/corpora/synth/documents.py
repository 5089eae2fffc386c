"""One synthetic document: header, citations, structure, targets, tasks, variants and progress
records, as triples.

One class (``_Document``) whose methods share the document's state; about 800 lines that
splitting would scatter, since every part writes into the same sections and counters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rdflib.term import Literal, Node, URIRef

from nqgraph.namespaces import ID, NQ

if TYPE_CHECKING:  # the corpus creates its documents; a document only reads its corpus
    from nqgraph.corpora.synth.corpus import _Corpus
from nqgraph.corpora.synth.plan import DocPlan, _random_day
from nqgraph.corpora.synth.terms import (
    ENDGAME,
    LABEL,
    LAST_DAY,
    A,
    Triple,
    _nq,
    date_lit,
    decimal_lit,
    en,
    invalid_date_lit,
    iri,
    lcfirst,
    plain,
    roman,
    ucfirst,
    vi,
    vn_date,
    vn_number,
    year_lit,
)
from nqgraph.corpora.synth.vocabulary import (
    AGENCY,
    APPENDIX,
    ASSIGNMENTS,
    COMPARATORS_DOWN,
    COMPARATORS_UP,
    KEY_TASKS,
    OBJECTIVES,
    PHRASE_EN,
    PHRASE_VI,
    QUARTER_END,
    SOLUTIONS,
    TERMS,
    TOPICS,
    UNIT_TEXT,
    VARIANT_PREFIX,
    VIEWPOINTS,
    Indicator,
)

# fmt: off
# fmt: off
# Section layouts of the two text variants: slug → (printed path, heading vi, heading en, parent).
STRUCTURE: dict[str, dict[str, tuple[str, str, str, str | None]]] = {
    "A": {
        "preamble": ("Mở đầu", "Phần mở đầu", "Preamble", None),
        "i": ("I", "TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN", "Situation and results", None),
        "ii": ("II", "QUAN ĐIỂM, MỤC TIÊU", "Viewpoints and objectives", None),
        "ii-1": ("II.1", "Quan điểm", "Viewpoints", "ii"),
        "ii-2": ("II.2", "Mục tiêu", "Objectives", "ii"),
        "ii-2-1": ("II.2.1", "Mục tiêu chung", "General objectives", "ii-2"),
        "ii-2-2": ("II.2.2", "Mục tiêu cụ thể", "Specific targets", "ii-2"),
        "iii": ("III", "NHIỆM VỤ, GIẢI PHÁP", "Tasks and solutions", None),
        "iii-1": ("III.1", "Nhiệm vụ trọng tâm", "Key tasks", "iii"),
        "iii-2": ("III.2", "Giải pháp", "Solutions", "iii"),
        "iv": ("IV", "TỔ CHỨC THỰC HIỆN", "Implementation", None),
        "phu-luc": ("Phụ lục", "PHỤ LỤC PHÂN CÔNG NHIỆM VỤ", "Appendix: assignment of tasks", None),
    },
    "B": {
        "preamble": ("Mở đầu", "Phần mở đầu", "Preamble", None),
        "i": ("I", "ĐÁNH GIÁ TÌNH HÌNH", "Assessment", None),
        "ii": ("II", "QUAN ĐIỂM, MỤC TIÊU", "Viewpoints and objectives", None),
        "ii-1": ("II.1", "Quan điểm chỉ đạo", "Guiding viewpoints", "ii"),
        "ii-2": ("II.2", "Mục tiêu", "Objectives", "ii"),
        "ii-2-a": ("II.2.a", "Mục tiêu tổng quát", "Overall objectives", "ii-2"),
        "ii-2-b": ("II.2.b", "Mục tiêu cụ thể", "Specific targets", "ii-2"),
        "iii": ("III", "NHIỆM VỤ CHỦ YẾU", "Main tasks", None),
        "iv": ("IV", "GIẢI PHÁP THỰC HIỆN", "Solutions", None),
        "v": ("V", "TỔ CHỨC THỰC HIỆN", "Implementation", None),
        "phu-luc": ("Phụ lục", "PHỤ LỤC PHÂN CÔNG NHIỆM VỤ", "Appendix: assignment of tasks", None),
    },
}

# fmt: on

# fmt: off
# Where each kind of component sits: kind → (section slug, printed path, parent) with {k} the item.
PLACES: dict[str, dict[str, tuple[str, str, str | None]]] = {
    "A": {
        "preamble": ("preamble", "Mở đầu", None), "observation": ("i", "I", None),
        "viewpoint": ("ii-1", "II.1", None), "objective": ("ii-2-1", "II.2.1", None),
        "target": ("ii-2-2-{k}", "II.2.2 ({k})", "ii-2-2"), "key": ("iii-1-{k}", "III.1.{k}", "iii-1"),
        "solution": ("iii-2-{k}", "III.2.{k}", "iii-2"), "assignment": ("iv-{k}", "IV.{k}", "iv"),
        "appendix": ("phu-luc-{k}", "Phụ lục, STT {k}", "phu-luc"),
    },
    "B": {
        "preamble": ("preamble", "Mở đầu", None), "observation": ("i", "I", None),
        "viewpoint": ("ii-1", "II.1", None), "objective": ("ii-2-a", "II.2.a", None),
        "target": ("ii-2-b-{k}", "II.2.b, bullet {k}", "ii-2-b"), "key": ("iii-{k}", "III.{k}", "iii"),
        "solution": ("iv-{k}", "IV.{k}", "iv"), "assignment": ("v-{k}", "V.{k}", "v"),
        "appendix": ("phu-luc-{k}", "Phụ lục, STT {k}", "phu-luc"),
    },
}

# fmt: on

# fmt: off
TASK_CLASS = {
    "key": "KeyTask", "solution": "Solution", "assignment": "Assignment", "appendix": "AppendixTask",
}

# fmt: on


class _Document:
    """One document file: the document, its expressions, sections and components."""

    def __init__(self, corpus: _Corpus, plan: DocPlan) -> None:
        self.c = corpus
        self.d = plan
        self.rng = corpus.rng
        self.p = plan.province
        self.words = self.p.words()
        self.s = iri(plan.path)
        self.triples: set[Triple] = set()
        self.variants = ("a", "b") if plan.variants == 2 else ("",)
        self.sections: set[str] = set()
        self.counts: dict[str, int] = {}
        _, vi_phrase, en_phrase, dept, indicators = TOPICS[plan.topic]
        self.topic_vi, self.topic_en, self.dept, self.indicators = vi_phrase, en_phrase, dept, indicators
        self.period = plan.period
        self.fill_words = {
            **self.words,
            "t": vi_phrase,
            "te": en_phrase,
            "T": ucfirst(vi_phrase),
            "Te": ucfirst(en_phrase),
            "y": str(self.period[1]),
            "ps": str(self.period[0]),
            "pe": str(self.period[1]),
        }
        self.key_tasks = self.rng.sample(range(len(KEY_TASKS)), len(KEY_TASKS))
        self.solutions = self.rng.sample(range(len(SOLUTIONS)), len(SOLUTIONS))
        self.assignments = self.rng.sample(range(len(ASSIGNMENTS)), len(ASSIGNMENTS))
        self.appendix = not plan.conclusion and self.rng.random() < 0.5
        self.appendix_order = self.rng.sample(range(len(APPENDIX)), len(APPENDIX))
        self.used: set[tuple[str, int]] = set()  # (indicator, year) pairs already given a target
        self.levels: dict[str, float] = {}  # indicator → its level in the document's year
        self.observed: set[str] = set()  # indicators with a reported value
        self.journal: list[Triple] | None = None  # triples added since a checkpoint

    def add(self, s: Node, p: URIRef, o: Node) -> None:
        t = (s, p, o)
        if self.journal is not None and t not in self.triples:
            self.journal.append(t)
        self.triples.add(t)

    def checkpoint(self) -> Callable[[], bool]:
        """Start recording; the returned function takes the document back to this point (and says
        so) unless the shared files changed meanwhile, which cannot be taken back."""
        self.journal = []
        state = (set(self.sections), dict(self.counts), set(self.used), dict(self.levels), set(self.observed))
        shared = self.c.shared_count

        def undo() -> bool:
            added, self.journal = self.journal or [], None
            if self.c.shared_count != shared:
                return False
            self.triples.difference_update(added)
            self.sections, self.counts, self.used, self.levels, self.observed = state
            return True

        return undo

    def size(self) -> int:
        return self.c.total + len(self.triples)

    def next(self, kind: str) -> int:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return self.counts[kind]

    def expr(self, var: str) -> URIRef:
        return URIRef(f"{self.s}/text-{var}" if var else f"{self.s}/text")

    # -- the skeleton

    def fill(self, goal: float, *, last: bool = False) -> None:
        """Head, seeded defects, then units until the running total reaches ``goal``. The last
        document undoes a final unit that would leave the total farther from the goal than it was."""
        self.head()
        for kind in self.d.defects:
            self.seed_defect(kind)
        units: list[tuple[Callable[[], bool], float]] = [
            (self.target_item, 5.0),
            (self.key_task, 1.0),
            (self.solution, 1.0),
            (self.assignment, 1.2),
            (self.appendix_row, 2.0 if self.appendix else 0.0),
            (self.viewpoint, 0.4),
            (self.objective, 0.3),
            (self.observation, 0.4),
        ]
        # Close to the goal only small units, so the last one cannot overshoot by much.
        endgame: list[tuple[Callable[[], bool], float]] = [
            (self.small_target, 2.0),
            (self.key_task, 1.0),
            (self.solution, 1.0),
            (self.viewpoint, 0.5),
            (self.objective, 0.5),
        ]
        exhausted: set[str] = set()  # units that said they have nothing left to add
        while self.size() < goal:
            close = goal - self.size() < ENDGAME
            live = [(u, w) for u, w in (endgame if close else units) if w > 0 and u.__name__ not in exhausted]
            if not live:
                live = [(self.target_item, 1.0)]  # never runs out
            unit = self.rng.choices([u for u, _ in live], weights=[w for _, w in live])[0]
            if last and close:
                short = goal - self.size()
                undo = self.checkpoint()
                done = unit()
                if self.size() - goal > short and undo():
                    break
            else:
                done = unit()
            if not done:
                exhausted.add(unit.__name__)

    def head(self) -> None:
        d, s, w = self.d, self.s, self.words
        issuer_key = "tinh-uy" if d.issuer == "tu" else "btv"
        ps, pe = self.period
        orientation = pe + (10 if self.rng.random() < 0.3 else 5)
        if d.conclusion:
            assert d.previous is not None
            label_vi = (
                f"Kết luận số {d.number_text} về tiếp tục thực hiện Nghị quyết số "
                f"{d.previous.number_text} về {self.topic_vi} {w['c']} {w['P']}"
            )
            label_en = (
                f"Conclusion {d.number_text} on continuing Resolution {d.previous.number_text} on "
                f"{self.topic_en} of {w['P']} {w['ce']}"
            )
        else:
            label_vi = (
                f"Nghị quyết số {d.number_text} về {self.topic_vi} {w['c']} {w['P']} giai đoạn "
                f"{ps} - {pe}, định hướng đến năm {orientation}"
            )
            label_en = (
                f"Resolution {d.number_text} on {self.topic_en} of {w['P']} {w['ce']}, {ps}–{pe}, "
                f"orientation to {orientation}"
            )
        self.label_vi = label_vi
        self.add(s, A, _nq("Conclusion" if d.conclusion else "Resolution"))
        self.add(s, LABEL, vi(label_vi))
        self.add(s, LABEL, en(label_en))
        self.add(s, _nq("documentNumber"), plain(d.number_text))
        self.add(s, _nq("issuedOn"), date_lit(d.date))
        self.add(s, _nq("issuedBy"), self.c.agency(self.p, issuer_key))
        self.add(s, _nq("province"), self.c.province(self.p))
        self.add(s, _nq("period"), self.c.period(ps, pe))
        self.add(s, _nq("orientationPeriod"), self.c.period(ps, orientation))
        self.add(s, _nq("committeeTerm"), self.c.period(*TERMS[d.term]))
        self.add(s, _nq("signer"), self.c.secretary(self.p, d.term))
        role = f"T/M {w['U'].upper()}, BÍ THƯ" if d.issuer == "tu" else "T/M BAN THƯỜNG VỤ, BÍ THƯ"
        self.add(s, _nq("signerRole"), vi(role))
        self.add(s, _nq("metadataNote"), en(f"Synthetic: generated by nqgraph synth, seed {self.c.seed}."))
        for var in self.variants:
            e = self.expr(var)
            tail_vi = f" (bản văn {var.upper()})" if var else ""
            tail_en = f" (text variant {var.upper()})" if var else ""
            self.add(e, A, _nq("Expression"))
            self.add(e, LABEL, vi(f"Văn bản {label_vi.split(' về ')[0]}{tail_vi}"))
            self.add(e, LABEL, en(f"Text of {label_en.split(' on ')[0]}{tail_en}"))
            self.add(e, _nq("expressionOf"), s)
            self.add(e, _nq("document"), s)
        self.citations()

    def citations(self) -> None:
        d = self.d
        if d.previous is not None and d.relation is not None:
            prev = d.previous
            years = max(1, d.date.year - prev.date.year)
            ref = self.reference(prev)
            text = {
                "supersedes": f"Sau {years} năm triển khai thực hiện {ref} về {self.topic_vi}",
                "continues": f"Tiếp tục thực hiện {ref} về {self.topic_vi}",
                "cites": f"Căn cứ {ref} về {self.topic_vi}",
            }[d.relation]
            self.citation(prev.path, d.relation, text, ref, prev.number_text)
        if not d.conclusion:
            doc, phrase = self.c.congress_resolution(self.p, d.term)
            self.citation(str(doc)[len(ID) :], "implements", f"Để cụ thể hóa {phrase}", phrase, "01-NQ/ĐH")
            national = self.c.national_resolution(d.date)
            if national is not None:
                ndoc, nphrase = national
                self.citation(
                    str(ndoc)[len(ID) :],
                    "cites",
                    f"Thực hiện {nphrase}",
                    nphrase,
                    "the national congress resolution",
                )
        for other in d.cites:
            ref = self.reference(other)
            self.citation(
                other.path, "cites", f"Căn cứ {ref} về {TOPICS[other.topic][1]}", ref, other.number_text
            )
        for later in d.cites_later:
            ref = self.reference(later)
            self.citation(
                later.path, "cites", f"Căn cứ {ref} về {TOPICS[later.topic][1]}", ref, later.number_text
            )
            self.c.defect(self.s, "cites-later-document")
        for later in d.supersedes_later:
            ref = self.reference(later)
            self.citation(later.path, "supersedes", f"Nghị quyết này thay thế {ref}", ref, later.number_text)
            # The later document supersedes this one too: each is then its own transitive successor,
            # and this one, being earlier, cites a later document.
            self.c.defect(self.s, "supersession-cycle")
            self.c.defect(iri(later.path), "supersession-cycle")
            self.c.defect(self.s, "supersession-cycle", shape="CitesLaterDocumentRule", path=NQ + "cites")

    def reference(self, other: DocPlan) -> str:
        """How a text names another resolution: kind, number, date and issuing body."""
        w = other.province.words()
        body = f"Ban Chấp hành Đảng bộ {w['c']}" if other.issuer == "tu" else f"Ban Thường vụ {w['U']}"
        kind = "Kết luận" if other.conclusion else "Nghị quyết"
        return f"{kind} số {other.number_text}, ngày {vn_date(other.date)} của {body}"

    def citation(self, target: str, kind: str, text: str, ref: str, number: str) -> None:
        k = self.next("citation")
        c = URIRef(f"{self.s}/citation/{k}")
        other = iri(target)
        kind_en = {
            "supersedes": "superseded",
            "continues": "continued",
            "implements": "implemented",
            "cites": "cited",
        }[kind]
        self.add(self.s, _nq(kind), other)
        self.component(
            c,
            ("Citation",),
            f"Dẫn chiếu {ref}",
            f"Citation of {number} ({kind_en})",
            "preamble",
            k,
            text,
            stated=self.variants,
        )
        self.add(c, _nq("citingDocument"), self.s)
        self.add(c, _nq("citedDocument"), other)
        self.add(c, _nq("citationType"), _nq(kind))

    # -- sections and components

    def scheme(self, var: str) -> str:
        return "B" if var == "b" else "A"

    def section(self, var: str, slug: str, path: str, parent: str | None, item: bool) -> URIRef:
        e = self.expr(var)
        s = URIRef(f"{e}/s/{slug}")
        if str(s) in self.sections:
            return s
        self.sections.add(str(s))
        scheme = self.scheme(var)
        if item:
            label_vi, label_en = (f"Mục {path}", f"Item {path}")
            if path.startswith("Phụ lục"):
                label_vi, label_en = path, "Appendix, row " + path.rsplit(" ", 1)[-1]
        else:
            _, head_vi, head_en, _ = STRUCTURE[scheme][slug]
            label_vi, label_en = (f"{path}. {head_vi}", f"{path}. {head_en}")
            if slug == "preamble":
                label_vi, label_en = head_vi, head_en
            self.add(s, _nq("heading"), vi(head_vi))
        self.add(s, A, _nq("Section"))
        self.add(s, LABEL, vi(label_vi))
        self.add(s, LABEL, en(label_en))
        self.add(s, _nq("document"), self.s)
        self.add(s, _nq("expression"), e)
        self.add(s, _nq("sectionPath"), plain(path))
        if parent is not None:
            ppath, _, _, grand = STRUCTURE[scheme][parent]
            self.add(s, _nq("partOf"), self.section(var, parent, ppath, grand, False))
        return s

    def place(self, kind: str, k: int, var: str) -> tuple[URIRef, str]:
        scheme = self.scheme(var)
        slug_t, path_t, parent = PLACES[scheme][kind]
        slug, path = slug_t.format(k=k), path_t.format(k=k)
        if parent is None:
            _, _, _, structural_parent = STRUCTURE[scheme][slug]
            return self.section(var, slug, path, structural_parent, False), path
        return self.section(var, slug, path, parent, True), path

    def stated(self) -> tuple[str, ...]:
        if len(self.variants) == 1:
            return self.variants
        r = self.rng.random()
        return ("a", "b") if r < 0.6 else ("a",) if r < 0.8 else ("b",)

    def component(
        self,
        c: URIRef,
        classes: Sequence[str],
        label_vi: str,
        label_en: str,
        kind: str,
        k: int,
        text: str,
        *,
        stated: tuple[str, ...],
        document: bool = True,
    ) -> None:
        for cls in classes:
            self.add(c, A, _nq(cls))
        self.add(c, LABEL, vi(label_vi))
        self.add(c, LABEL, en(label_en))
        if document:
            self.add(c, _nq("document"), self.s)
        texts = {
            var: text if var != "b" or len(stated) == 1 else self.rng.choice(VARIANT_PREFIX) + text
            for var in stated
        }
        for var in stated:
            section, path = self.place(kind, k, var)
            self.add(c, _nq("section"), section)
            self.add(c, _nq("sectionPath"), plain(path))
            self.add(c, _nq("sourceText"), vi(texts[var]))
            self.add(c, _nq("statedIn"), self.expr(var))
            if len(stated) > 1:
                att = URIRef(f"{c}/in-{var}")
                self.add(c, _nq("attestation"), att)
                self.add(att, A, _nq("Attestation"))
                self.add(att, LABEL, vi(f"{label_vi} (bản văn {var.upper()})"))
                self.add(att, LABEL, en(f"{label_en} (text variant {var.upper()})"))
                self.add(att, _nq("expression"), self.expr(var))
                self.add(att, _nq("section"), section)
                self.add(att, _nq("sectionPath"), plain(path))
                self.add(att, _nq("sourceText"), vi(texts[var]))

    def item_iri(self, kind: str, prefix: str, k: int, stated: tuple[str, ...], suffix: str = "") -> URIRef:
        """A component's IRI follows its item's path in the first variant that states it."""
        if kind == "appendix":
            return URIRef(f"{self.s}/{prefix}{k}{suffix}")
        scheme = "B" if stated == ("b",) else "A"
        slug = PLACES[scheme][kind][0].format(k=k)
        return URIRef(f"{self.s}/{prefix}{slug}{suffix}")

    # -- units: each adds one numbered item and reports whether it could

    def viewpoint(self, *, document: bool = True) -> bool:
        if self.counts.get("viewpoint", 0) >= len(VIEWPOINTS):
            return False
        k = self.next("viewpoint")
        text_vi, text_en = (t.format(**self.fill_words) for t in VIEWPOINTS[k - 1])
        c = URIRef(f"{self.s}/viewpoint/{k}")
        self.component(
            c,
            ("Viewpoint",),
            text_vi,
            text_en,
            "viewpoint",
            k,
            text_vi + ".",
            stated=self.stated(),
            document=document,
        )
        if not document:
            self.c.defect(c, "component-without-document")
        return True

    def objective(self) -> bool:
        if self.counts.get("objective", 0) >= len(OBJECTIVES):
            return False
        k = self.next("objective")
        text_vi, text_en = (t.format(**self.fill_words) for t in OBJECTIVES[k - 1])
        c = URIRef(f"{self.s}/objective/{k}")
        self.component(
            c, ("GeneralObjective",), text_vi, text_en, "objective", k, text_vi + ".", stated=self.stated()
        )
        return True

    def years(self) -> tuple[int, ...]:
        ps, pe = self.period
        return (pe, pe + 5) if pe - ps < 3 else (ps + (pe - ps) // 2, pe, pe + 5)

    def known(self) -> tuple[Indicator, int] | None:
        """An indicator already described in the shared files, and a year this document has not
        yet set a target for, if any: a target of it adds no triples outside the document."""
        free = [
            (i, y)
            for t in TOPICS
            for i in t[4]
            for y in self.years()
            if (i.slug, y) not in self.used and ID + "indicator/" + i.slug in self.c.described
        ]
        own = [(i, y) for i, y in free if i in self.indicators]
        if not (own or free):
            return None
        ind, year = self.rng.choice(own or free)
        self.used.add((ind.slug, year))
        return ind, year

    def pick(self) -> tuple[Indicator, int]:
        """An indicator and target year this document has not yet set a target for: its topic's
        first, now and then another topic's (documents also set targets outside their topic)."""
        years = self.years()
        own = [(i, y) for i in self.indicators for y in years if (i.slug, y) not in self.used]
        if not own or self.rng.random() < 0.1:
            pool = [i for t in TOPICS for i in t[4]]
            other = [(i, y) for i in pool for y in years if (i.slug, y) not in self.used]
            own = other or [(i, y) for i in pool for y in years]
        ind, year = self.rng.choice(own)
        self.used.add((ind.slug, year))
        return ind, year

    def base(self, ind: Indicator) -> float:
        """The indicator's level in the document's year: the start of every trajectory it states."""
        if ind.slug not in self.levels:
            span = ind.high - ind.low
            low, high = (
                (ind.low, ind.low + 0.6 * span) if ind.better > 0 else (ind.low + 0.4 * span, ind.high)
            )
            self.levels[ind.slug] = round(self.rng.uniform(low, high), ind.places)
        return self.levels[ind.slug]

    def aim(self, ind: Indicator, year: int) -> float:
        """The level a target sets for ``year``: part of the way from the base towards the best value,
        the further the later the year, so one document's targets for an indicator never go back."""
        b = self.base(ind)
        frac = min(0.95, (year - self.d.date.year) / (self.period[1] + 6 - self.d.date.year))
        frac += self.rng.uniform(-0.05, 0.05)
        best = ind.high if ind.better > 0 else ind.low
        return round(b + (best - b) * frac, ind.places)

    def value_text(self, ind: Indicator, value: float, unit: str | None = None) -> tuple[str, str]:
        u = unit or ind.unit
        suffix_vi, suffix_en = UNIT_TEXT[u]
        if u == "Level":
            return f"mức độ {vn_number(value, 0)}", f"level {value:g}"
        return f"{vn_number(value, ind.places)}{suffix_vi}", f"{value:,.{ind.places}f}{suffix_en}"

    def target_item(self) -> bool:
        k = self.next("target")
        stated = self.stated()
        for n in range(self.rng.choice((1, 1, 1, 2, 2, 3))):
            self.target(k, "abc"[n], stated)
        return True

    def small_target(self) -> bool:
        """A numbered item with one target of a described indicator and no baseline: the smallest
        unit that adds content."""
        chosen = self.known()
        if chosen is None:
            return False
        self.target(self.next("target"), "a", self.stated(), chosen=chosen)
        return True

    def target(
        self,
        k: int,
        letter: str,
        stated: tuple[str, ...],
        defect: str | None = None,
        chosen: tuple[Indicator, int] | None = None,
    ) -> URIRef:
        rng = self.rng
        t = self.item_iri("target", "target/", k, stated, f"-{letter}")
        small = chosen is not None
        ind, year = chosen or self.pick()
        if defect in ("range-max-below-min", "percentage-over-100") and ind.unit != "Percent":
            ind = rng.choice([i for i in self.indicators if i.unit == "Percent"] or [TOPICS[0][4][0]])
        classes = ["Target"]
        props: list[tuple[URIRef, Node]] = []
        annual = ind.unit in ("PersonsPerYear", "PercentPerYear", "TimesPerYear") and rng.random() < 0.7
        relative = (
            not annual
            and defect is None
            and ind.unit in ("Persons", "Count", "Schools")
            and rng.random() < 0.35
        )
        unit = ind.unit
        if relative:
            classes.append("RelativeTarget")
            up = ind.better > 0
            ref = TERMS[self.d.term][0]
            value, places, unit = round(rng.uniform(2, 25), 2), 2, "Percent"
            vt = f"{vn_number(value, 2)}%"
            word_vi, word_en = ("tăng", "increase") if up else ("giảm", "decrease")
            label_vi = f"{ind.vi} {word_vi} {vt} so với năm {ref} (mục tiêu năm {year})"
            label_en = f"{ind.en}: {word_en} of {value:g}% over {ref} (target for {year})"
            text = f"Đến năm {year}, {lcfirst(ind.vi)} {word_vi} {vt} so với năm {ref}."
            comparator = rng.choice(("Equal", "AtLeast")) if up else "Equal"
            props += [
                (_nq("changeDirection"), _nq("Increase" if up else "Decrease")),
                (_nq("referenceYear"), year_lit(ref)),
            ]
        else:
            comparator = rng.choice(COMPARATORS_UP if ind.better > 0 else COMPARATORS_DOWN)
            if ind.unit in ("Level", "Years", "Centimetre", "TimesPerYear") and comparator == "Between":
                comparator = "Equal"
            if defect == "range-max-below-min":
                comparator = "Between"
            elif defect == "percentage-over-100":
                comparator = "Equal"
            value, places = self.aim(ind, year), ind.places
            high = None
            if comparator == "Between":
                width = max(10**-places, round((ind.high - ind.low) * rng.uniform(0.03, 0.12), places))
                if ind.unit == "Percent" and value + width > 100:
                    value = round(100 - width, places)
                high = round(value + width, places)
                if defect == "range-max-below-min":
                    value, high = high, value  # the range printed back to front
                props.append((_nq("valueMax"), decimal_lit(high, places)))
            if defect == "percentage-over-100":
                value, places = 120.0, 1
            vt, ve = self.value_text(ind, value)
            if high is not None:
                vt2, ve2 = self.value_text(ind, high)
                vt, ve = f"{vt} - {vt2}", f"{ve} and {ve2}"
            phrase_vi = PHRASE_VI[comparator].format(v=vt)
            phrase_en = PHRASE_EN[comparator].format(v=ve)
            if annual:
                year = self.period[1]
                label_vi = f"{ind.vi} {phrase_vi} mỗi năm giai đoạn {self.period[0]} - {year}"
                label_en = f"{ind.en} {phrase_en} every year, {self.period[0]}–{year}"
                text = f"Mỗi năm, {lcfirst(ind.vi)} {phrase_vi}."
                props += [(_nq("appliesFrom"), year_lit(self.period[0])), (_nq("recurrence"), _nq("Annual"))]
            else:
                label_vi = f"{ind.vi} {phrase_vi} năm {year}"
                label_en = f"{ind.en} {phrase_en} in {year}"
                text = rng.choice(
                    (
                        f"Đến năm {year}, {lcfirst(ind.vi)} {phrase_vi}.",
                        f"Phấn đấu đến năm {year}, {lcfirst(ind.vi)} {phrase_vi}.",
                        f"{ind.vi} {phrase_vi} vào năm {year}.",
                    )
                )
                if defect is None and not small and rng.random() < 0.3:
                    props += self.baseline(ind)
        self.component(t, classes, label_vi, label_en, "target", k, text, stated=stated)
        if defect != "target-without-indicator":
            self.add(t, _nq("indicator"), self.c.indicator(ind))
        self.add(t, _nq("targetYear"), year_lit(year))
        self.add(t, _nq("comparator"), _nq(comparator))
        self.add(t, _nq("value"), decimal_lit(value, places))
        self.add(t, _nq("valueText"), plain(vt))
        self.add(t, _nq("unit"), _nq(unit))
        self.add(t, _nq("ordinal"), Literal(k))
        for p, o in props:
            self.add(t, p, o)
        if defect is not None:
            self.c.defect(t, defect)
        return t

    def baseline(self, ind: Indicator) -> list[tuple[URIRef, Node]]:
        """The level the text gives as the starting point ("hiện nay" = the document's year), also
        recorded, now and then, as a reported value."""
        year = self.d.date.year
        base = self.base(ind)
        bt, _ = self.value_text(ind, base)
        text = f"Hiện nay tỷ lệ này là {bt}." if ind.unit == "Percent" else f"{ind.vi} năm {year} đạt {bt}."
        if self.rng.random() < 0.5:
            self.observation(ind, text)
        return [
            (_nq("baselineValue"), decimal_lit(base, ind.places)),
            (_nq("baselineYear"), year_lit(year)),
            (_nq("baselineText"), vi(text)),
        ]

    def observation(self, ind: Indicator | None = None, text: str | None = None) -> bool:
        """A value the text reports as achieved in the document's year (once per indicator)."""
        year = self.d.date.year
        if ind is None:
            fresh = [i for i in self.indicators if i.slug not in self.observed]
            if not fresh:
                return False
            ind = self.rng.choice(fresh)
        if ind.slug in self.observed:
            return False
        self.observed.add(ind.slug)
        value = self.base(ind)
        vt, ve = self.value_text(ind, value)
        text = text or f"Năm {year}, {lcfirst(ind.vi)} đạt {vt}."
        k = self.next("observation")
        o = URIRef(f"{self.s}/observation/{k}")
        self.component(
            o,
            ("Observation",),
            f"{ind.vi} đạt {vt} năm {year}",
            f"{ind.en} {ve} in {year}",
            "observation",
            k,
            text,
            stated=self.stated(),
        )
        self.add(o, _nq("indicator"), self.c.indicator(ind))
        self.add(o, _nq("observedYear"), year_lit(year))
        self.add(o, _nq("value"), decimal_lit(value, ind.places))
        self.add(o, _nq("valueText"), plain(vt))
        self.add(o, _nq("unit"), _nq(ind.unit))
        return True

    def heading_task(self, kind: str, table: tuple[tuple[str, str], ...], order: list[int]) -> bool:
        if self.counts.get(kind, 0) >= len(table):
            return False
        k = self.next(kind)
        text_vi, text_en = (t.format(**self.fill_words) for t in table[order[k - 1]])
        stated = self.stated()
        task = self.item_iri(kind, f"task/{kind}-", k, stated)
        self.component(task, (TASK_CLASS[kind],), text_vi, text_en, kind, k, text_vi, stated=stated)
        self.add(task, _nq("ordinal"), Literal(k))
        return True

    def key_task(self) -> bool:
        return self.heading_task("key", KEY_TASKS, self.key_tasks)

    def solution(self) -> bool:
        return self.heading_task("solution", SOLUTIONS, self.solutions)

    def agency(self, key: str) -> URIRef:
        return self.c.agency(self.p, self.dept if key == "@" else key, self.d.date)

    def short(self, agency: URIRef) -> str:
        return AGENCY[self.c.keys[agency]].short.format(**self.words)

    def assignment(self, *, dissolved: bool = False) -> bool:
        if self.counts.get("assignment", 0) >= len(ASSIGNMENTS):
            return False
        k = self.next("assignment")
        lead_key, act_vi, act_en, parts, reports, recurrence = ASSIGNMENTS[self.assignments[k - 1]]
        if dissolved:
            lead_key, act_vi, act_en, parts, reports, recurrence = ASSIGNMENTS[0]
            lead = self.c.agency(self.p, "cac-huyen-uy")  # named as if the 2025 change had not happened
        else:
            lead = self.agency(lead_key)
        lead_name = self.short(lead)
        text_vi = f"{ucfirst(lead_name)} {act_vi.format(**self.fill_words)}."
        stated = self.stated()
        task = self.item_iri("assignment", "task/assignment-", k, stated)
        self.component(
            task,
            ("Assignment",),
            text_vi.rstrip("."),
            f"{AGENCY[self.c.keys[lead]].en.format(**self.words)}: {act_en.format(**self.fill_words)}",
            "assignment",
            k,
            text_vi,
            stated=stated,
        )
        self.add(task, _nq("ordinal"), Literal(k))
        self.add(task, _nq("leadAgency"), lead)
        for part in parts:
            self.add(task, _nq("participant"), self.agency(part))
        if reports:
            self.add(task, _nq("reportsTo"), self.agency(reports))
            self.add(task, _nq("reportingRecurrence"), _nq(recurrence or "Annual"))
        if dissolved:
            self.c.defect(task, "agency-after-dissolution")
        return True

    def deadline(self) -> tuple[str, dt.date | None, str | None]:
        rng, issued = self.rng, self.d.date
        r = rng.random()
        if r < 0.12:
            return "Hằng năm", None, "Annual"
        if r < 0.2:
            return "Thường xuyên", None, "Continuous"
        year = rng.randint(issued.year, min(self.period[1], issued.year + 3))
        if r < 0.35:
            due = dt.date(year, 12, 31)
            return f"Năm {year}", due, None
        q = rng.randint(1, 4)
        due = dt.date(year, *QUARTER_END[q])
        if due <= issued:
            year += 1
            due = dt.date(year, *QUARTER_END[q])
        return f"Quý {roman(q)}/{year}", due, None

    def appendix_row(self, defect: str | None = None) -> bool:
        k = self.next("appendix")
        rng = self.rng
        task_vi, task_en, sup_key, lead_key, part_keys = APPENDIX[
            self.appendix_order[(k - 1) % len(APPENDIX)]
        ]
        task_vi, task_en = task_vi.format(**self.fill_words), task_en.format(**self.fill_words)
        if k > len(APPENDIX):  # a long table repeats its kinds of row, phase by phase
            phase = (k - 1) // len(APPENDIX) + 1
            task_vi, task_en = f"{task_vi} (đợt {phase})", f"{task_en} (phase {phase})"
        supervisor, lead = self.agency(sup_key), self.agency(lead_key)
        participants = []
        for key in part_keys:
            a = self.agency(key)
            if a != lead and a not in participants:
                participants.append(a)
        text, due, recurrence = self.deadline()
        if defect == "invalid-date":
            year = self.d.date.year + 1
            text, due, recurrence = f"Tháng 02/{year}", None, None
        elif defect == "task-due-before-document":
            year = self.d.date.year - 1  # the year misprinted: due before the resolution was issued
            text, due, recurrence = f"Quý IV/{year}", dt.date(year, 12, 31), None
        stated = self.stated()
        task = self.item_iri("appendix", "task/appendix-", k, stated)
        parts_text = "; ".join(self.short(a) for a in participants)
        source = f"{k} {task_vi} {self.short(supervisor)} {self.short(lead)} {parts_text} {text}"
        self.component(task, ("AppendixTask",), task_vi, task_en, "appendix", k, source, stated=stated)
        self.add(task, _nq("ordinal"), Literal(k))
        self.add(task, _nq("supervisor"), supervisor)
        self.add(task, _nq("leadAgency"), lead)
        for a in participants:
            self.add(task, _nq("participant"), a)
        self.add(task, _nq("deadlineText"), vi(text))
        if defect == "invalid-date":
            self.add(task, _nq("dueDate"), invalid_date_lit(f"{self.d.date.year + 1}-02-30"))
        elif due is not None:
            self.add(task, _nq("dueDate"), date_lit(due))
        if recurrence is not None:
            self.add(task, _nq("recurrence"), _nq(recurrence))
        if defect == "appendix-task-two-leads":
            other = self.agency("ban-to-chuc")
            self.add(task, _nq("leadAgency"), other if other != lead else self.agency("van-phong"))
        if defect is not None:
            self.c.defect(task, defect)
        elif due is not None and rng.random() < 0.4:
            self.progress(task, task_vi, task_en, due)
        return True

    def progress(self, task: URIRef, task_vi: str, task_en: str, due: dt.date) -> None:
        rng, issued = self.rng, self.d.date
        record = URIRef(f"{task}/progress/1")
        done = rng.random() < 0.6
        completed = issued + dt.timedelta(days=rng.randint(30, max(31, (due - issued).days + 120)))
        if done and completed <= LAST_DAY:
            status = "Completed"
            recorded = min(completed + dt.timedelta(days=rng.randint(0, 60)), LAST_DAY)
            self.add(record, _nq("completedOn"), date_lit(completed))
        else:
            status = "InProgress" if rng.random() < 0.7 else "NotStarted"
            recorded = _random_day(rng, issued, LAST_DAY)
        status_vi = {
            "Completed": "đã hoàn thành",
            "InProgress": "đang thực hiện",
            "NotStarted": "chưa thực hiện",
        }[status]
        status_en = {"Completed": "completed", "InProgress": "in progress", "NotStarted": "not started"}[
            status
        ]
        self.add(record, A, _nq("ProgressRecord"))
        self.add(record, LABEL, vi(f"Tiến độ: {task_vi} ({status_vi})"))
        self.add(record, LABEL, en(f"Progress: {task_en} ({status_en})"))
        self.add(record, _nq("progressOf"), task)
        self.add(record, _nq("status"), _nq(status))
        self.add(record, _nq("recordedOn"), date_lit(recorded))

    # -- defects

    def seed_defect(self, kind: str) -> None:
        if kind in ("target-without-indicator", "range-max-below-min", "percentage-over-100"):
            self.target(self.next("target"), "a", self.stated(), defect=kind)
        elif kind == "component-without-document":
            self.viewpoint(document=False)
        elif kind in ("invalid-date", "appendix-task-two-leads", "task-due-before-document"):
            self.appendix = True
            self.appendix_row(defect=kind)
        elif kind == "agency-after-dissolution":
            self.assignment(dissolved=True)
