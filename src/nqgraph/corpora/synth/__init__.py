"""Deterministic synthetic corpora for scale work: ``nqgraph synth --triples N --seed S --out DIR``.

The five real resolutions give about 12k triples; issue 6 needs one to five million with the same
shape. :func:`synthesize` writes a folder laid out like ``data/ttl/`` (``documents/`` with one
file per document, ``agencies/{province}.ttl``, ``indicators/shared.ttl``, ``periods.ttl``,
``provinces.ttl``) that ``nqgraph build --data DIR`` loads, reasons over and validates as it does
the bundled data, following ``docs/data-conventions.md``:

- up to the 63 provinces (with their ISO codes and names with diacritics), each with chains of
  resolutions on one topic across the committee terms 2010–2015 … 2025–2030; numbers restart with
  every term and repeat across provinces; a later resolution supersedes (or a conclusion
  continues) the earlier one, through an ``nq:Citation`` carrying the citing sentence; every
  resolution implements its provincial congress's resolution and cites the last national one;
- some resolutions have two text variants (two ``nq:Expression``\\s with their own section
  numbering, one ``nq:Attestation`` per variant for what both state);
- targets with all seven comparators, ranges, relative and yearly targets, baselines and reported
  values; key tasks, solutions, assignments and appendix rows (one lead, participants, supervisor,
  deadline as printed with its due date, recurrences) and progress records;
- agencies per province with their parent bodies and the 2025 merger, renaming and dissolution
  events, each task naming only bodies that existed on its document's date.

Everything is valid under ``shapes/`` except a seeded set of defects, each listed with the SHACL
result it must cause in ``DIR/defects.json``. The same seed and size give byte-identical folders
(one ``random.Random`` drives every choice, nothing iterates over a hash-ordered set, and
:func:`nqgraph.publish.serialize.turtle` sorts its output). The size is met within a few tenths of a
percent: documents are filled unit by unit against a running count of every triple written.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import math
import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib.term import Literal, Node, URIRef

from nqgraph.errors import NqgraphError
from nqgraph.namespaces import ID, NQ, RDF, RDFS, XSD
from nqgraph.pipeline.build import write_atomically
from nqgraph.publish.serialize import turtle

MIN_TRIPLES = 1_000
MAX_TRIPLES = 10_000_000
LAST_DAY = dt.date(2026, 10, 31)  # no synthetic document, completion or record is dated later
AVERAGE_DOCUMENT = 700  # triples per resolution, components included (the real ones: 300–4,000)
DEFECTS_PER = 250_000  # one instance of each defect kind per this many triples (at least one)
SMALL_CORPUS = 3_000  # below this, only some defect kinds are seeded
ENDGAME = 300  # triples short of a document's goal from which only small units are added

SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
TIME = "http://www.w3.org/2006/time#"
DCTERMS = "http://purl.org/dc/terms/"
SHAPES = "https://w3id.org/nqgraph/shapes#"
SDG = "http://metadata.un.org/sdg/"

# The prefixes of every data file (docs/data-conventions.md).
DATA_PREFIXES = {
    "dcterms": DCTERMS,
    "id": ID,
    "nq": NQ,
    "org": ORG,
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "time": TIME,
    "xsd": XSD,
}

Triple = tuple[Node, Node, Node]


class SynthError(NqgraphError):
    """The generator was asked for something it does not support (a size out of range)."""


@dataclass(frozen=True)
class Defect:
    """One SHACL result the corpus is seeded to produce."""

    iri: str  # the focus node
    severity: str  # "Violation" or "Warning"
    shape: str  # the node shape or rule (nqsh:…) that reports it
    path: str  # the result path
    component: str  # local name of the constraint component, as in nqgraph.graph.validation.Finding
    kind: str  # which seeded defect causes it
    note: str  # what is wrong, in words

    def key(self) -> tuple[str, str, str, str]:
        """What a validation finding must match: focus, severity, path and component."""
        return (self.iri, self.severity, self.path, self.component)


@dataclass(frozen=True)
class SynthResult:
    """What :func:`synthesize` wrote."""

    out: Path
    seed: int
    requested: int
    triples: int  # asserted triples written, as the loader counts them
    files: int
    documents: int
    provinces: int
    defects: tuple[Defect, ...]


# ---------------------------------------------------------------------------------------------
# Terms


@functools.cache
def _nq(name: str) -> URIRef:
    return URIRef(NQ + name)


@functools.cache
def _term(ns: str, name: str) -> URIRef:
    return URIRef(ns + name)


A = URIRef(RDF + "type")
LABEL = URIRef(RDFS + "label")
COMMENT = URIRef(RDFS + "comment")
ALT = URIRef(SKOS + "altLabel")
PREF = URIRef(SKOS + "prefLabel")
DEFINITION = URIRef(SKOS + "definition")
IN_SCHEME = URIRef(SKOS + "inScheme")
RELATED = URIRef(SKOS + "relatedMatch")
ORIGINAL = URIRef(ORG + "originalOrganization")
RESULTING = URIRef(ORG + "resultingOrganization")
XSD_DATE = URIRef(XSD + "date")
XSD_GYEAR = URIRef(XSD + "gYear")
XSD_DECIMAL = URIRef(XSD + "decimal")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def vi(text: str) -> Literal:
    """A Vietnamese literal (NFC, as the loader requires)."""
    return Literal(_nfc(text), lang="vi")


def en(text: str) -> Literal:
    """An English literal."""
    return Literal(_nfc(text), lang="en")


def plain(text: str) -> Literal:
    """A plain string."""
    return Literal(_nfc(text))


def date_lit(day: dt.date) -> Literal:
    return Literal(day.isoformat(), datatype=XSD_DATE)


def invalid_date_lit(text: str) -> Literal:
    """An ill-typed xsd:date (a seeded defect), without rdflib logging a traceback for it."""
    log = logging.getLogger("rdflib.term")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        return Literal(text, datatype=XSD_DATE)
    finally:
        log.setLevel(level)


def year_lit(year: int) -> Literal:
    return Literal(str(year), datatype=XSD_GYEAR)


def decimal_lit(value: float, places: int) -> Literal:
    # Always with a decimal point: a bare "100" in Turtle would be an xsd:integer (a Violation).
    return Literal(f"{value:.{max(places, 1)}f}", datatype=XSD_DECIMAL)


def iri(path: str) -> URIRef:
    return URIRef(ID + path)


def slugify(text: str) -> str:
    """Lower-case ASCII slug: diacritics stripped, đ → d, anything else → '-'.

    >>> slugify("Bà Rịa - Vũng Tàu")
    'ba-ria-vung-tau'
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    out, dash = [], False
    for ch in bare.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def roman(n: int) -> str:
    """Roman numeral, as congresses and parts are numbered.

    >>> roman(14), roman(9)
    ('XIV', 'IX')
    """
    table = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for value, sym in table:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def vn_number(value: float, places: int) -> str:
    """A number as Vietnamese texts print it: thousands dots, decimal comma.

    >>> vn_number(668030, 0), vn_number(99.89, 2), vn_number(65.0, 1)
    ('668.030', '99,89', '65')
    """
    text = f"{value:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def vn_date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def lcfirst(text: str) -> str:
    return text[:1].lower() + text[1:]


def ucfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------------------------------------
# Reference tables

# The tables below are laid out by hand, several entries to a line, for reading.
# fmt: off

# (name, ISO 3166-2 code, is a centrally governed city): the 63 provinces before the 2025 merger.
PROVINCES: tuple[tuple[str, str, bool], ...] = (
    ("Lai Châu", "VN-01", False), ("Lào Cai", "VN-02", False), ("Hà Giang", "VN-03", False),
    ("Cao Bằng", "VN-04", False), ("Sơn La", "VN-05", False), ("Yên Bái", "VN-06", False),
    ("Tuyên Quang", "VN-07", False), ("Lạng Sơn", "VN-09", False), ("Quảng Ninh", "VN-13", False),
    ("Hòa Bình", "VN-14", False), ("Ninh Bình", "VN-18", False), ("Thái Bình", "VN-20", False),
    ("Thanh Hóa", "VN-21", False), ("Nghệ An", "VN-22", False), ("Hà Tĩnh", "VN-23", False),
    ("Quảng Bình", "VN-24", False), ("Quảng Trị", "VN-25", False), ("Thừa Thiên Huế", "VN-26", False),
    ("Quảng Nam", "VN-27", False), ("Kon Tum", "VN-28", False), ("Quảng Ngãi", "VN-29", False),
    ("Gia Lai", "VN-30", False), ("Bình Định", "VN-31", False), ("Phú Yên", "VN-32", False),
    ("Đắk Lắk", "VN-33", False), ("Khánh Hòa", "VN-34", False), ("Lâm Đồng", "VN-35", False),
    ("Ninh Thuận", "VN-36", False), ("Tây Ninh", "VN-37", False), ("Đồng Nai", "VN-39", False),
    ("Bình Thuận", "VN-40", False), ("Long An", "VN-41", False), ("Bà Rịa - Vũng Tàu", "VN-43", False),
    ("An Giang", "VN-44", False), ("Đồng Tháp", "VN-45", False), ("Tiền Giang", "VN-46", False),
    ("Kiên Giang", "VN-47", False), ("Vĩnh Long", "VN-49", False), ("Bến Tre", "VN-50", False),
    ("Trà Vinh", "VN-51", False), ("Sóc Trăng", "VN-52", False), ("Bắc Kạn", "VN-53", False),
    ("Bắc Giang", "VN-54", False), ("Bạc Liêu", "VN-55", False), ("Bắc Ninh", "VN-56", False),
    ("Bình Dương", "VN-57", False), ("Bình Phước", "VN-58", False), ("Cà Mau", "VN-59", False),
    ("Hải Dương", "VN-61", False), ("Hà Nam", "VN-63", False), ("Hưng Yên", "VN-66", False),
    ("Nam Định", "VN-67", False), ("Phú Thọ", "VN-68", False), ("Thái Nguyên", "VN-69", False),
    ("Vĩnh Phúc", "VN-70", False), ("Điện Biên", "VN-71", False), ("Đắk Nông", "VN-72", False),
    ("Hậu Giang", "VN-73", False), ("Cần Thơ", "VN-CT", True), ("Đà Nẵng", "VN-DN", True),
    ("Hà Nội", "VN-HN", True), ("Hải Phòng", "VN-HP", True), ("Hồ Chí Minh", "VN-SG", True),
)

TERMS: tuple[tuple[int, int], ...] = ((2010, 2015), (2015, 2020), (2020, 2025), (2025, 2030))
# National congresses: numeral, opened, closed (public record).
NATIONAL = (
    (11, dt.date(2011, 1, 12), dt.date(2011, 1, 19)),
    (12, dt.date(2016, 1, 20), dt.date(2016, 1, 28)),
    (13, dt.date(2021, 1, 25), dt.date(2021, 2, 1)),
    (14, dt.date(2026, 1, 19), dt.date(2026, 1, 23)),
)


@dataclass(frozen=True)
class Indicator:
    slug: str
    vi: str
    en: str
    unit: str
    low: float
    high: float
    places: int
    better: int  # +1 higher is better, -1 lower is better
    sdg: str | None = None


# The unit's suffix as printed, in Vietnamese and English.
UNIT_TEXT = {
    "Percent": ("%", "%"),
    "PercentPerYear": ("%/năm", "% a year"),
    "Persons": (" người", " persons"),
    "PersonsPerYear": (" người", " persons a year"),
    "PersonsPer10000": (" người/vạn dân", " per 10,000 inhabitants"),
    "Years": (" tuổi", " years"),
    "Centimetre": (" cm", " cm"),
    "Schools": (" trường", " schools"),
    "Count": ("", ""),
    "TimesPerYear": (" lần", " times a year"),
    "Level": ("", ""),
}

# Topics: slug, Vietnamese and English phrase, lead department (agency key), indicators.
TOPICS: tuple[tuple[str, str, str, str, tuple[Indicator, ...]], ...] = (
    ("nguon-nhan-luc", "phát triển nguồn nhân lực", "human-resources development", "so-ldtbxh", (
        Indicator("trained-labour-rate", "Tỷ lệ lao động qua đào tạo", "Trained-labour rate",
                  "Percent", 45, 85, 1, 1, "4.4"),
        Indicator("certified-trained-labour-rate", "Tỷ lệ lao động qua đào tạo có văn bằng, chứng chỉ",
                  "Share of trained labour with a diploma or certificate", "Percent", 20, 45, 1, 1, "4.4"),
        Indicator("vocational-trainees-per-year", "Số lao động được đào tạo nghề",
                  "Workers given vocational training", "PersonsPerYear", 3000, 30000, 0, 1),
        Indicator("agricultural-labour-share", "Tỷ lệ lao động nông, lâm nghiệp và thủy sản",
                  "Share of agricultural, forestry and fishery labour", "Percent", 25, 65, 2, -1),
        Indicator("labour-force", "Lực lượng lao động", "Labour force", "Persons", 200000, 1500000, 0, 1),
    )),
    ("giao-duc", "phát triển giáo dục và đào tạo", "education and training", "so-gddt", (
        Indicator("kindergarten-enrolment-age5", "Tỷ lệ huy động trẻ 5 tuổi đến lớp",
                  "Enrolment rate of 5-year-olds in kindergarten", "Percent", 95, 99.9, 2, 1, "4.2"),
        Indicator("grade1-enrolment-age6", "Tỷ lệ huy động học sinh 6 tuổi vào lớp 1",
                  "Enrolment rate of 6-year-olds in grade 1", "Percent", 97, 99.9, 2, 1, "4.1"),
        Indicator("national-standard-schools-share", "Tỷ lệ trường đạt chuẩn quốc gia",
                  "Share of schools meeting national standards", "Percent", 40, 90, 1, 1),
        Indicator("national-standard-schools", "Số trường đạt chuẩn quốc gia",
                  "Schools meeting national standards", "Schools", 50, 600, 0, 1),
        Indicator("literacy-standard-level", "Mức độ đạt chuẩn xóa mù chữ", "Literacy standard level",
                  "Level", 1, 2, 0, 1, "4.6"),
    )),
    ("y-te", "chăm sóc, bảo vệ và nâng cao sức khỏe Nhân dân", "people's health care", "so-yte", (
        Indicator("life-expectancy", "Tuổi thọ trung bình", "Life expectancy at birth", "Years",
                  68, 76, 1, 1, "3"),
        Indicator("doctors-per-10000", "Số bác sĩ trên vạn dân", "Doctors per 10,000 inhabitants",
                  "PersonsPer10000", 7, 20, 1, 1, "3.c"),
        Indicator("child-underweight-rate", "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể nhẹ cân",
                  "Underweight rate of children under five", "Percent", 5, 25, 1, -1, "2.2"),
        Indicator("health-insurance-coverage", "Tỷ lệ dân số tham gia bảo hiểm y tế",
                  "Health-insurance coverage", "Percent", 85, 99, 1, 1, "3.8"),
        Indicator("youth-height-male", "Chiều cao trung bình của thanh niên 18 tuổi (nam)",
                  "Average height of 18-year-old men", "Centimetre", 162, 170, 1, 1),
    )),
    ("nong-thon-moi", "xây dựng nông thôn mới", "new rural development", "so-nnptnt", (
        Indicator("new-rural-communes-share", "Tỷ lệ xã đạt chuẩn nông thôn mới",
                  "Share of communes meeting the new-rural standards", "Percent", 30, 95, 1, 1),
        Indicator("advanced-new-rural-communes", "Số xã đạt chuẩn nông thôn mới nâng cao",
                  "Communes meeting the advanced new-rural standards", "Count", 2, 60, 0, 1),
        Indicator("rural-clean-water-share", "Tỷ lệ dân cư nông thôn sử dụng nước sạch",
                  "Share of rural population using clean water", "Percent", 60, 98, 1, 1, "6.1"),
    )),
    ("chuyen-doi-so", "chuyển đổi số", "digital transformation", "so-tttt", (
        Indicator("digital-economy-share", "Tỷ trọng kinh tế số trong GRDP", "Digital-economy share of GRDP",
                  "Percent", 5, 30, 1, 1),
        Indicator("online-public-services-share", "Tỷ lệ dịch vụ công trực tuyến toàn trình",
                  "Share of end-to-end online public services", "Percent", 30, 95, 1, 1, "16.6"),
        Indicator("fibre-households-share", "Tỷ lệ hộ gia đình có kết nối cáp quang",
                  "Share of households with fibre broadband", "Percent", 50, 95, 1, 1, "17.6"),
        Indicator("cashless-payment-share", "Tỷ lệ giao dịch thanh toán không dùng tiền mặt",
                  "Share of cashless payments", "Percent", 20, 80, 1, 1),
    )),
    ("du-lich", "phát triển du lịch", "tourism development", "so-vhttdl", (
        Indicator("tourist-arrivals", "Tổng lượt khách du lịch", "Tourist arrivals", "Persons",
                  500000, 15000000, 0, 1, "8.9"),
        Indicator("international-tourist-arrivals", "Lượt khách du lịch quốc tế",
                  "International tourist arrivals", "Persons", 10000, 2000000, 0, 1),
        Indicator("tourism-revenue-growth", "Tốc độ tăng doanh thu du lịch bình quân",
                  "Average growth of tourism revenue", "PercentPerYear", 8, 20, 1, 1),
    )),
    ("cong-nghiep", "phát triển công nghiệp", "industrial development", "so-cong-thuong", (
        Indicator("industry-construction-share", "Tỷ trọng công nghiệp - xây dựng trong GRDP",
                  "Industry and construction share of GRDP", "Percent", 15, 60, 1, 1, "9.2"),
        Indicator("industrial-production-growth", "Tốc độ tăng giá trị sản xuất công nghiệp bình quân",
                  "Average growth of industrial production", "PercentPerYear", 8, 16, 1, 1),
        Indicator("industrial-clusters", "Số cụm công nghiệp đi vào hoạt động",
                  "Industrial clusters in operation", "Count", 3, 40, 0, 1),
    )),
    ("giam-ngheo", "giảm nghèo bền vững", "sustainable poverty reduction", "so-ldtbxh", (
        Indicator("poverty-rate", "Tỷ lệ hộ nghèo đa chiều", "Multidimensional poverty rate", "Percent",
                  1, 30, 2, -1, "1.2"),
        Indicator("poverty-reduction-per-year", "Mức giảm tỷ lệ hộ nghèo bình quân",
                  "Average reduction of the poverty rate", "PercentPerYear", 1, 5, 1, 1, "1.2"),
        Indicator("ethnic-minority-poverty-rate", "Tỷ lệ hộ nghèo vùng đồng bào dân tộc thiểu số",
                  "Poverty rate in ethnic-minority areas", "Percent", 5, 45, 1, -1, "1.2"),
    )),
    ("cai-cach-hanh-chinh", "đẩy mạnh cải cách hành chính", "administrative reform", "so-noi-vu", (
        Indicator("satisfaction-index", "Chỉ số hài lòng của người dân, doanh nghiệp",
                  "Satisfaction index of citizens and businesses", "Percent", 80, 98, 1, 1, "16.6"),
        Indicator("records-settled-on-time", "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn",
                  "Share of administrative files settled on time", "Percent", 90, 99.9, 1, 1),
    )),
    ("van-hoa", "xây dựng và phát triển văn hóa, con người", "culture and people", "so-vhttdl", (
        Indicator("cultural-families-share", "Tỷ lệ hộ gia đình đạt danh hiệu gia đình văn hóa",
                  "Share of households recognised as cultural families", "Percent", 75, 95, 1, 1),
        Indicator("cultural-villages-share", "Tỷ lệ thôn, bản, tổ dân phố đạt danh hiệu văn hóa",
                  "Share of villages recognised as cultural villages", "Percent", 55, 90, 1, 1),
        Indicator("community-houses-share", "Tỷ lệ thôn, bản có nhà văn hóa",
                  "Share of villages with a community house", "Percent", 70, 99, 1, 1),
    )),
    ("bao-ve-moi-truong", "bảo vệ môi trường", "environmental protection", "so-tnmt", (
        Indicator("forest-cover", "Tỷ lệ che phủ rừng", "Forest cover", "Percent", 20, 65, 1, 1, "15.1"),
        Indicator("urban-waste-treated-share", "Tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom, xử lý",
                  "Share of urban solid waste collected and treated", "Percent", 70, 99, 1, 1, "11.6"),
        Indicator("industrial-wastewater-treated-share",
                  "Tỷ lệ cụm công nghiệp có hệ thống xử lý nước thải tập trung",
                  "Share of industrial clusters with central wastewater treatment", "Percent", 50, 99, 1, 1,
                  "6.3"),
    )),
    ("kinh-te-tap-the", "phát triển kinh tế tập thể, hợp tác xã", "collective economy and cooperatives",
     "so-khdt", (
        Indicator("cooperatives", "Số hợp tác xã đang hoạt động", "Cooperatives in operation", "Count",
                  50, 900, 0, 1),
        Indicator("cooperative-members", "Số thành viên hợp tác xã", "Cooperative members", "Persons",
                  2000, 80000, 0, 1),
        Indicator("cooperative-revenue-growth", "Tốc độ tăng doanh thu bình quân của hợp tác xã",
                  "Average growth of cooperative revenue", "PercentPerYear", 5, 15, 1, 1),
    )),
    ("cong-tac-can-bo", "công tác cán bộ", "personnel work", "ban-to-chuc", (
        Indicator("female-committee-members-share", "Tỷ lệ cán bộ nữ tham gia cấp ủy",
                  "Share of women in Party committees", "Percent", 15, 30, 1, 1, "5.5"),
        Indicator("young-committee-members-share", "Tỷ lệ cán bộ trẻ dưới 40 tuổi tham gia cấp ủy",
                  "Share of Party-committee members under 40", "Percent", 8, 20, 1, 1),
        Indicator("ethnic-minority-cadres-share", "Tỷ lệ cán bộ người dân tộc thiểu số",
                  "Share of ethnic-minority cadres", "Percent", 10, 60, 1, 1),
        Indicator("civil-servants-university-share",
                  "Tỷ lệ cán bộ, công chức có trình độ đại học trở lên",
                  "Share of civil servants with a university degree", "Percent", 70, 99, 1, 1),
    )),
    ("to-chuc-co-so-dang", "nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng",
     "strengthening grassroots Party organisations", "ban-to-chuc", (
        Indicator("new-party-members-per-year", "Số đảng viên mới được kết nạp",
                  "New Party members admitted", "PersonsPerYear", 500, 6000, 0, 1),
        Indicator("good-party-organisations-share",
                  "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên",
                  "Share of grassroots Party organisations rated good or better", "Percent", 80, 95, 1, 1),
        Indicator("villages-with-party-cell-share", "Tỷ lệ thôn, bản, tổ dân phố có chi bộ",
                  "Share of villages with a Party cell", "Percent", 95, 99.9, 1, 1),
    )),
    ("phat-trien-do-thi", "phát triển đô thị", "urban development", "so-xay-dung", (
        Indicator("urbanisation-rate", "Tỷ lệ đô thị hóa", "Urbanisation rate", "Percent", 15, 70, 1, 1,
                  "11.1"),
        Indicator("urban-centres", "Số đô thị", "Urban centres", "Count", 5, 40, 0, 1),
    )),
    ("giao-thong", "phát triển kết cấu hạ tầng giao thông", "transport infrastructure", "so-gtvt", (
        Indicator("paved-commune-roads-share", "Tỷ lệ đường đến trung tâm xã được cứng hóa",
                  "Share of roads to commune centres paved", "Percent", 80, 99.9, 1, 1, "9.1"),
        Indicator("paved-rural-roads-share", "Tỷ lệ đường giao thông nông thôn được cứng hóa",
                  "Share of rural roads paved", "Percent", 50, 95, 1, 1, "9.1"),
    )),
    ("khoa-hoc-cong-nghe", "phát triển khoa học, công nghệ và đổi mới sáng tạo",
     "science, technology and innovation", "so-khcn", (
        Indicator("rnd-spending-share", "Tỷ lệ chi cho nghiên cứu và phát triển trong GRDP",
                  "R&D spending share of GRDP", "Percent", 0.3, 2, 2, 1, "9.5"),
        Indicator("tfp-contribution", "Tỷ lệ đóng góp của năng suất các nhân tố tổng hợp vào tăng trưởng",
                  "Contribution of total factor productivity to growth", "Percent", 30, 55, 1, 1),
        Indicator("innovative-startups", "Số doanh nghiệp khởi nghiệp đổi mới sáng tạo",
                  "Innovative start-ups", "Count", 5, 200, 0, 1),
    )),
    ("thu-hut-dau-tu", "thu hút đầu tư", "investment attraction", "so-khdt", (
        Indicator("fdi-projects", "Số dự án đầu tư trực tiếp nước ngoài được cấp mới",
                  "New foreign direct investment projects", "Count", 3, 150, 0, 1, "17.3"),
        Indicator("investment-growth", "Tốc độ tăng vốn đầu tư toàn xã hội bình quân",
                  "Average growth of total investment", "PercentPerYear", 8, 15, 1, 1),
    )),
    ("quoc-phong-an-ninh", "tăng cường quốc phòng, an ninh", "defence and security", "bchqs", (
        Indicator("militia-population-share", "Tỷ lệ lực lượng dân quân tự vệ so với dân số",
                  "Militia as a share of the population", "Percent", 1.2, 2.5, 2, 1),
        Indicator("defence-trained-officials-share",
                  "Tỷ lệ cán bộ được bồi dưỡng kiến thức quốc phòng, an ninh",
                  "Share of officials trained in defence and security", "Percent", 80, 99.9, 1, 1),
        Indicator("defence-drills-per-year", "Số cuộc diễn tập khu vực phòng thủ",
                  "Defence-zone drills", "TimesPerYear", 1, 4, 0, 1),
    )),
    ("cong-tac-dan-van", "công tác dân vận", "mass mobilisation", "ban-dan-van", (
        Indicator("skilled-mobilisation-models", "Số mô hình \"Dân vận khéo\"",
                  "\"Skilled mass mobilisation\" models", "Count", 50, 1500, 0, 1),
        Indicator("grassroots-democracy-share", "Tỷ lệ xã thực hiện tốt quy chế dân chủ ở cơ sở",
                  "Share of communes applying grassroots democracy well", "Percent", 80, 99.9, 1, 1),
    )),
)


@dataclass(frozen=True)
class AgencySpec:
    key: str
    slug: str  # template: {u} committee slug, {s} level slug, {p} province slug
    vi: str  # template: {U} Tỉnh ủy/Thành ủy, {c} tỉnh/thành phố, {P} name
    en: str  # template: {pc} Provincial/City, {ce} province/city, {P} name
    short: str  # the name as a sentence uses it
    parent: str | None = None
    group: bool = False


AGENCIES: tuple[AgencySpec, ...] = (
    AgencySpec("tinh-uy", "{u}", "{U} {P}", "{P} {pc} Party Committee", "{U}"),
    AgencySpec("btv", "ban-thuong-vu-{u}", "Ban Thường vụ {U} {P}",
               "Standing Board of the {P} {pc} Party Committee", "Ban Thường vụ {U}", "tinh-uy"),
    AgencySpec("ban-to-chuc", "ban-to-chuc-{u}", "Ban Tổ chức {U} {P}",
               "Organisation Board of the {P} {pc} Party Committee", "Ban Tổ chức {U}", "tinh-uy"),
    AgencySpec("ubkt", "uy-ban-kiem-tra-{u}", "Ủy ban Kiểm tra {U} {P}",
               "Inspection Commission of the {P} {pc} Party Committee", "Ủy ban Kiểm tra {U}", "tinh-uy"),
    AgencySpec("van-phong", "van-phong-{u}", "Văn phòng {U} {P}",
               "Office of the {P} {pc} Party Committee", "Văn phòng {U}", "tinh-uy"),
    AgencySpec("ban-tuyen-giao", "ban-tuyen-giao-{u}", "Ban Tuyên giáo {U} {P}",
               "Propaganda and Education Board of the {P} {pc} Party Committee", "Ban Tuyên giáo {U}",
               "tinh-uy"),
    AgencySpec("ban-dan-van", "ban-dan-van-{u}", "Ban Dân vận {U} {P}",
               "Mass Mobilisation Board of the {P} {pc} Party Committee", "Ban Dân vận {U}", "tinh-uy"),
    AgencySpec("ban-tgdv", "ban-tuyen-giao-va-dan-van-{u}", "Ban Tuyên giáo và Dân vận {U} {P}",
               "Propaganda, Education and Mass Mobilisation Board of the {P} {pc} Party Committee",
               "Ban Tuyên giáo và Dân vận {U}", "tinh-uy"),
    AgencySpec("ubnd", "ubnd-{s}", "Ủy ban nhân dân {c} {P}", "People's Committee of {P} {ce}",
               "Ủy ban nhân dân {c}"),
    AgencySpec("hdnd", "hdnd-{s}", "Hội đồng nhân dân {c} {P}", "People's Council of {P} {ce}",
               "Hội đồng nhân dân {c}"),
    AgencySpec("bcsd-ubnd", "ban-can-su-dang-ubnd-{s}", "Ban cán sự đảng Ủy ban nhân dân {c} {P}",
               "Party Affairs Committee of the People's Committee of {P} {ce}", "Ban cán sự đảng UBND {c}",
               "tinh-uy"),
    AgencySpec("du-ubnd", "dang-uy-ubnd-{s}", "Đảng ủy Ủy ban nhân dân {c} {P}",
               "Party Committee of the People's Committee of {P} {ce}", "Đảng ủy UBND {c}", "tinh-uy"),
    AgencySpec("dd-hdnd", "dang-doan-hdnd-{s}", "Đảng đoàn Hội đồng nhân dân {c} {P}",
               "Party Caucus of the People's Council of {P} {ce}", "Đảng đoàn HĐND {c}", "tinh-uy"),
    AgencySpec("du-hdnd", "dang-uy-hdnd-{s}", "Đảng ủy Hội đồng nhân dân {c} {P}",
               "Party Committee of the People's Council of {P} {ce}", "Đảng ủy HĐND {c}", "tinh-uy"),
    AgencySpec("du-khoi", "dang-uy-khoi-cac-co-quan-{s}", "Đảng ủy Khối các cơ quan {c} {P}",
               "Party Committee of the agencies bloc of {P} {ce}", "Đảng ủy Khối các cơ quan {c}", "tinh-uy"),
    AgencySpec("du-cqd", "dang-uy-cac-co-quan-dang-{s}", "Đảng ủy các cơ quan Đảng {c} {P}",
               "Party Committee of the Party agencies of {P} {ce}", "Đảng ủy các cơ quan Đảng {c}",
               "tinh-uy"),
    AgencySpec("mttq", "uy-ban-mttq-{s}", "Ủy ban Mặt trận Tổ quốc Việt Nam {c} {P}",
               "Viet Nam Fatherland Front Committee of {P} {ce}", "Ủy ban MTTQ Việt Nam {c}"),
    AgencySpec("so-gddt", "so-giao-duc-va-dao-tao", "Sở Giáo dục và Đào tạo {c} {P}",
               "Department of Education and Training of {P} {ce}", "Sở Giáo dục và Đào tạo", "ubnd"),
    AgencySpec("so-yte", "so-y-te", "Sở Y tế {c} {P}", "Department of Health of {P} {ce}", "Sở Y tế", "ubnd"),
    AgencySpec("so-noi-vu", "so-noi-vu", "Sở Nội vụ {c} {P}", "Department of Home Affairs of {P} {ce}",
               "Sở Nội vụ", "ubnd"),
    AgencySpec("so-tai-chinh", "so-tai-chinh", "Sở Tài chính {c} {P}", "Department of Finance of {P} {ce}",
               "Sở Tài chính", "ubnd"),
    AgencySpec("so-khdt", "so-ke-hoach-va-dau-tu", "Sở Kế hoạch và Đầu tư {c} {P}",
               "Department of Planning and Investment of {P} {ce}", "Sở Kế hoạch và Đầu tư", "ubnd"),
    AgencySpec("so-ldtbxh", "so-lao-dong-thuong-binh-va-xa-hoi",
               "Sở Lao động - Thương binh và Xã hội {c} {P}",
               "Department of Labour, Invalids and Social Affairs of {P} {ce}",
               "Sở Lao động - Thương binh và Xã hội", "ubnd"),
    AgencySpec("so-tnmt", "so-tai-nguyen-va-moi-truong", "Sở Tài nguyên và Môi trường {c} {P}",
               "Department of Natural Resources and Environment of {P} {ce}", "Sở Tài nguyên và Môi trường",
               "ubnd"),
    AgencySpec("so-nnptnt", "so-nong-nghiep-va-phat-trien-nong-thon",
               "Sở Nông nghiệp và Phát triển nông thôn {c} {P}",
               "Department of Agriculture and Rural Development of {P} {ce}",
               "Sở Nông nghiệp và Phát triển nông thôn", "ubnd"),
    AgencySpec("so-nnmt", "so-nong-nghiep-va-moi-truong", "Sở Nông nghiệp và Môi trường {c} {P}",
               "Department of Agriculture and Environment of {P} {ce}", "Sở Nông nghiệp và Môi trường",
               "ubnd"),
    AgencySpec("so-tttt", "so-thong-tin-va-truyen-thong", "Sở Thông tin và Truyền thông {c} {P}",
               "Department of Information and Communications of {P} {ce}", "Sở Thông tin và Truyền thông",
               "ubnd"),
    AgencySpec("so-khcn", "so-khoa-hoc-va-cong-nghe", "Sở Khoa học và Công nghệ {c} {P}",
               "Department of Science and Technology of {P} {ce}", "Sở Khoa học và Công nghệ", "ubnd"),
    AgencySpec("so-vhttdl", "so-van-hoa-the-thao-va-du-lich", "Sở Văn hóa, Thể thao và Du lịch {c} {P}",
               "Department of Culture, Sports and Tourism of {P} {ce}", "Sở Văn hóa, Thể thao và Du lịch",
               "ubnd"),
    AgencySpec("so-cong-thuong", "so-cong-thuong", "Sở Công Thương {c} {P}",
               "Department of Industry and Trade of {P} {ce}", "Sở Công Thương", "ubnd"),
    AgencySpec("so-xay-dung", "so-xay-dung", "Sở Xây dựng {c} {P}", "Department of Construction of {P} {ce}",
               "Sở Xây dựng", "ubnd"),
    AgencySpec("so-gtvt", "so-giao-thong-van-tai", "Sở Giao thông vận tải {c} {P}",
               "Department of Transport of {P} {ce}", "Sở Giao thông vận tải", "ubnd"),
    AgencySpec("bchqs", "bo-chi-huy-quan-su-{s}", "Bộ Chỉ huy Quân sự {c} {P}",
               "Military Command of {P} {ce}", "Bộ Chỉ huy Quân sự {c}"),
    AgencySpec("cong-an", "cong-an-{s}", "Công an {c} {P}", "Police of {P} {ce}", "Công an {c}"),
    AgencySpec("truong-chinh-tri", "truong-chinh-tri-{s}", "Trường Chính trị {c} {P}",
               "Political School of {P} {ce}", "Trường Chính trị {c}", "tinh-uy"),
    AgencySpec("bao", "bao-{p}", "Báo {P}", "{P} Newspaper", "Báo {P}"),
    AgencySpec("cac-so", "cac-so-ban-nganh", "Các sở, ban, ngành {c} {P}",
               "Departments, boards and sectors of {P} {ce}", "các sở, ban, ngành {c}", "ubnd", True),
    AgencySpec("cac-huyen-uy", "cac-huyen-thi-thanh-uy", "Các huyện ủy, thị ủy, thành ủy {c} {P}",
               "District, town and city Party committees of {P} {ce}", "Các huyện ủy, thị ủy, thành ủy",
               "tinh-uy", True),
    AgencySpec("ubnd-huyen", "ubnd-cac-huyen-thi-xa-thanh-pho",
               "Ủy ban nhân dân các huyện, thị xã, thành phố {c} {P}",
               "People's Committees of the districts, towns and cities of {P} {ce}",
               "Ủy ban nhân dân các huyện, thị xã, thành phố", "ubnd", True),
    AgencySpec("du-truc-thuoc", "cac-dang-uy-truc-thuoc-{u}", "Các đảng ủy trực thuộc {U} {P}",
               "Party committees directly under the {P} {pc} Party Committee", "Các đảng ủy trực thuộc {U}",
               "tinh-uy", True),
    AgencySpec("ubnd-xa", "ubnd-xa-phuong", "Ủy ban nhân dân các xã, phường {c} {P}",
               "People's Committees of the communes and wards of {P} {ce}", "Ủy ban nhân dân các xã, phường",
               "ubnd", True),
    AgencySpec("ctxh", "cac-to-chuc-chinh-tri-xa-hoi-{s}", "Các tổ chức chính trị - xã hội {c} {P}",
               "Socio-political organisations of {P} {ce}", "các tổ chức chính trị - xã hội {c}", None, True),
    AgencySpec("bao-chi", "cac-co-quan-bao-chi", "Các cơ quan báo chí trên địa bàn {c} {P}",
               "Press agencies in {P} {ce}", "các cơ quan báo chí", None, True),
    AgencySpec("cap-uy", "cac-cap-uy-dang", "Các cấp ủy Đảng {c} {P}",
               "Party committees at all levels in {P} {ce}", "các cấp ủy đảng", None, True),
)
AGENCY = {a.key: a for a in AGENCIES}


@dataclass(frozen=True)
class EventSpec:
    slug: str
    kind: str  # nq:Merger, nq:Rename or nq:Dissolution
    originals: tuple[str, ...]
    results: tuple[str, ...]
    month: int  # the 2025 reform: Party and department changes in spring, districts on 1 July


EVENTS: tuple[EventSpec, ...] = (
    EventSpec("ban-tuyen-giao-va-dan-van", "Merger", ("ban-tuyen-giao", "ban-dan-van"), ("ban-tgdv",), 2),
    EventSpec("dang-uy-ubnd", "Rename", ("bcsd-ubnd",), ("du-ubnd",), 2),
    EventSpec("dang-uy-hdnd", "Rename", ("dd-hdnd",), ("du-hdnd",), 2),
    EventSpec("dang-uy-cac-co-quan-dang", "Rename", ("du-khoi",), ("du-cqd",), 2),
    EventSpec("so-tai-chinh", "Merger", ("so-khdt", "so-tai-chinh"), ("so-tai-chinh",), 3),
    EventSpec("so-noi-vu", "Merger", ("so-ldtbxh", "so-noi-vu"), ("so-noi-vu",), 3),
    EventSpec("so-nong-nghiep-va-moi-truong", "Merger", ("so-tnmt", "so-nnptnt"), ("so-nnmt",), 3),
    EventSpec("so-khoa-hoc-va-cong-nghe", "Merger", ("so-tttt", "so-khcn"), ("so-khcn",), 3),
    EventSpec("so-xay-dung", "Merger", ("so-gtvt", "so-xay-dung"), ("so-xay-dung",), 3),
    EventSpec("ket-thuc-cap-huyen-dang", "Dissolution", ("cac-huyen-uy",), (), 7),
    EventSpec("ket-thuc-ubnd-cap-huyen", "Dissolution", ("ubnd-huyen",), (), 7),
)
# Which body a sentence names instead, after (forward) or before (backward) the 2025 changes.
FORWARD = {
    "ban-tuyen-giao": "ban-tgdv", "ban-dan-van": "ban-tgdv", "bcsd-ubnd": "du-ubnd", "dd-hdnd": "du-hdnd",
    "du-khoi": "du-cqd", "so-khdt": "so-tai-chinh", "so-ldtbxh": "so-noi-vu", "so-tnmt": "so-nnmt",
    "so-nnptnt": "so-nnmt", "so-tttt": "so-khcn", "so-gtvt": "so-xay-dung", "cac-huyen-uy": "du-truc-thuoc",
    "ubnd-huyen": "ubnd-xa",
}
BACKWARD = {
    "ban-tgdv": "ban-tuyen-giao", "du-ubnd": "bcsd-ubnd", "du-hdnd": "dd-hdnd", "du-cqd": "du-khoi",
    "so-nnmt": "so-nnptnt",
}

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lò",
          "Giàng", "Lý", "Đinh", "Mai", "Trịnh")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Tiến", "Xuân", "Công", "Ngọc", "Hồng")
GIVEN = ("Hùng", "Dũng", "Lan", "Hương", "Tuấn", "Thắng", "Bình", "Hải", "Long", "Nam", "Sơn", "Phúc",
         "Thành", "Trung", "Cường", "Hà", "Quân", "Khánh", "Vinh", "Nga")

VIEWPOINTS = (
    ("{T} là nhiệm vụ trọng tâm, thường xuyên của cả hệ thống chính trị",
     "{Te} is a central, continuing task of the whole political system"),
    ("Đầu tư cho {t} là đầu tư cho phát triển bền vững",
     "Investment in {te} is investment in sustainable development"),
    ("Phát huy vai trò chủ thể của Nhân dân trong {t}", "The people are the main actors of {te}"),
    ("Gắn {t} với bảo đảm quốc phòng, an ninh", "{Te} goes hand in hand with defence and security"),
    ("Kết hợp nguồn lực nhà nước với xã hội hóa trong {t}",
     "{Te} combines state resources with private contributions"),
)
OBJECTIVES = (
    ("Tạo chuyển biến rõ nét về {t}, góp phần xây dựng {c} {P} phát triển nhanh, bền vững",
     "Achieve a clear change in {te}, contributing to the fast, sustainable development of {P} {ce}"),
    ("Phấn đấu đến năm {y}, {t} của {c} đạt mức khá so với các tỉnh trong vùng",
     "By {y}, bring {te} of the {ce} to a good level within its region"),
    ("Hoàn thành các chỉ tiêu về {t} mà Nghị quyết Đại hội đề ra",
     "Meet the congress resolution's targets on {te}"),
)
KEY_TASKS = (
    ("Đẩy mạnh công tác tuyên truyền, nâng cao nhận thức của cấp ủy, chính quyền và Nhân dân về {t}",
     "Step up communication and raise the awareness of Party committees, authorities and the people of {te}"),
    ("Hoàn thiện cơ chế, chính sách về {t}", "Complete the mechanisms and policies on {te}"),
    ("Huy động, sử dụng hiệu quả các nguồn lực cho {t}", "Mobilise and use resources effectively for {te}"),
    ("Nâng cao hiệu lực, hiệu quả quản lý nhà nước về {t}",
     "Make state management of {te} more effective"),
    ("Đổi mới công tác đào tạo, bồi dưỡng đội ngũ cán bộ làm công tác {t}",
     "Renew the training of the officials working on {te}"),
    ("Thực hiện có hiệu quả các chương trình, đề án trọng điểm về {t}",
     "Carry out the key programmes and projects on {te} effectively"),
)
SOLUTIONS = (
    ("Tăng cường ứng dụng khoa học, công nghệ và chuyển đổi số trong {t}",
     "Apply science, technology and digital transformation to {te}"),
    ("Đẩy mạnh hợp tác, liên kết trong và ngoài {c} về {t}",
     "Step up co-operation within and beyond the {ce} on {te}"),
    ("Tăng cường kiểm tra, giám sát việc thực hiện các mục tiêu về {t}",
     "Strengthen inspection and supervision of the targets on {te}"),
    ("Phát huy vai trò của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội trong {t}",
     "Enhance the role of the Fatherland Front and socio-political organisations in {te}"),
    ("Ưu tiên bố trí ngân sách và lồng ghép các chương trình mục tiêu cho {t}",
     "Give priority in the budget and in the targeted programmes to {te}"),
)
# Implementation items: lead, action (vi, en), participants, reports to, reporting recurrence.
ASSIGNMENTS: tuple[tuple[str, str, str, tuple[str, ...], str | None, str | None], ...] = (
    ("cac-huyen-uy",
     "tổ chức nghiên cứu, quán triệt, xây dựng kế hoạch cụ thể triển khai thực hiện Nghị quyết",
     "study and disseminate the resolution and draw up concrete implementation plans", (), None, None),
    ("dd-hdnd", "lãnh đạo Hội đồng nhân dân {c} ban hành cơ chế, chính sách về {t}",
     "lead the People's Council in issuing mechanisms and policies on {te}", (), None, None),
    ("bcsd-ubnd", "lãnh đạo Ủy ban nhân dân {c} xây dựng kế hoạch, chương trình thực hiện Nghị quyết",
     "lead the People's Committee in drawing up the plans and programmes implementing the resolution",
     ("cac-so",), None, None),
    ("ban-tuyen-giao", "chủ trì, phối hợp với các cơ quan liên quan tuyên truyền sâu rộng Nghị quyết",
     "lead the wide dissemination of the resolution together with the bodies concerned",
     ("bao", "bao-chi"), None, None),
    ("mttq", "phối hợp vận động Nhân dân tham gia thực hiện và giám sát việc thực hiện Nghị quyết",
     "mobilise the people to take part in and supervise the implementation of the resolution",
     ("ctxh",), None, None),
    ("van-phong", "chủ trì, phối hợp với Ban Tổ chức {U} theo dõi, đôn đốc việc thực hiện Nghị quyết, "
     "định kỳ hằng năm báo cáo Ban Thường vụ {U}",
     "monitor the implementation with the Organisation Board and report to the Standing Board every year",
     ("ban-to-chuc",), "btv", "Annual"),
    ("ubkt", "kiểm tra, giám sát việc thực hiện Nghị quyết, định kỳ báo cáo Ban Thường vụ {U}",
     "inspect and supervise the implementation and report to the Standing Board periodically",
     (), "btv", "Periodic"),
)
# Appendix rows: task (vi, en), supervising committee, lead ("@" = the topic's department), participants.
APPENDIX: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("Xây dựng kế hoạch phổ biến, quán triệt Nghị quyết; định hướng tuyên truyền trên báo chí, truyền thông",
     "Draw up a plan to disseminate the resolution and guide its coverage in the press", "ban-tuyen-giao",
     "ban-tuyen-giao", ("bao", "cac-so", "ubnd-xa")),
    ("Ban hành Kế hoạch triển khai thực hiện Nghị quyết", "Issue the plan implementing the resolution",
     "bcsd-ubnd", "@", ("cac-so",)),
    ("Xây dựng Đề án {t} giai đoạn {ps} - {pe}", "Draft the project on {te} for {ps}–{pe}", "bcsd-ubnd", "@",
     ("cac-so", "ubnd-huyen")),
    ("Rà soát, ban hành chính sách hỗ trợ {t}", "Review and issue support policies for {te}", "dd-hdnd",
     "so-tai-chinh", ("@", "so-khdt")),
    ("Xây dựng cơ sở dữ liệu về {t}", "Build a database on {te}", "bcsd-ubnd", "so-tttt", ("@",)),
    ("Tổ chức hội thảo, diễn đàn về {t}", "Hold workshops and forums on {te}", "du-khoi", "@",
     ("ctxh", "bao-chi")),
    ("Tổ chức sơ kết giữa nhiệm kỳ việc thực hiện Nghị quyết", "Hold the mid-term review of the resolution",
     "btv", "van-phong", ("ban-to-chuc", "cac-so")),
    ("Kiểm tra, giám sát việc thực hiện Nghị quyết", "Inspect and supervise the implementation",
     "btv", "ubkt", ("ban-to-chuc",)),
)
COMPARATORS_UP = ("Equal", "AtLeast", "GreaterThan", "Approximately", "Between")
COMPARATORS_DOWN = ("Equal", "LessThan", "AtMost", "Approximately", "Between")
PHRASE_VI = {
    "Equal": "đạt {v}", "AtLeast": "đạt tối thiểu {v}", "GreaterThan": "đạt trên {v}",
    "LessThan": "giảm xuống dưới {v}", "AtMost": "không quá {v}", "Approximately": "đạt khoảng {v}",
    "Between": "đạt từ {v}",
}
PHRASE_EN = {
    "Equal": "{v}", "AtLeast": "at least {v}", "GreaterThan": "above {v}", "LessThan": "below {v}",
    "AtMost": "at most {v}", "Approximately": "about {v}", "Between": "between {v}",
}
QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
VARIANT_PREFIX = ("Cụ thể: ", "Trong đó: ", "Đồng thời, ")

# The seeded defects: kind → (severity, shape, path, component, note).
DEFECT_KINDS: dict[str, tuple[str, str, str, str, str]] = {
    "target-without-indicator": ("Violation", "TargetShape", NQ + "indicator", "MinCountConstraintComponent",
                                 "a target with no nq:indicator"),
    "range-max-below-min": ("Violation", "RangeOrderRule", NQ + "valueMax", "SPARQLConstraintComponent",
                            "a range whose nq:valueMax is below its nq:value"),
    "percentage-over-100": ("Violation", "PercentageRule", NQ + "value", "SPARQLConstraintComponent",
                            "a percentage target of 120"),
    "appendix-task-two-leads": ("Violation", "AppendixTaskShape", NQ + "leadAgency",
                                "MaxCountConstraintComponent", "an appendix task with two lead agencies"),
    "invalid-date": ("Violation", "TaskShape", NQ + "dueDate", "DatatypeConstraintComponent",
                     "a due date that is no valid xsd:date (30 February)"),
    "component-without-document": ("Violation", "ComponentShape", NQ + "document",
                                   "MinCountConstraintComponent", "a viewpoint with no nq:document"),
    "cites-later-document": ("Warning", "CitesLaterDocumentRule", NQ + "cites", "SPARQLConstraintComponent",
                             "a document citing one issued after it"),
    "task-due-before-document": ("Warning", "TaskDueBeforeIssueRule", NQ + "dueDate",
                                 "SPARQLConstraintComponent", "a task due before its document was issued"),
    "supersession-cycle": ("Warning", "SupersessionCycleRule", NQ + "supersedesTransitively",
                           "SPARQLConstraintComponent", "two documents that supersede each other"),
    "agency-after-dissolution": ("Warning", "DissolvedAgencyRule", NQ + "leadAgency",
                                 "SPARQLConstraintComponent", "a task led by an agency dissolved before"),
}
COMPONENT_DEFECTS = (
    "target-without-indicator", "range-max-below-min", "percentage-over-100", "appendix-task-two-leads",
    "invalid-date", "component-without-document", "task-due-before-document",
)

# fmt: on


# ---------------------------------------------------------------------------------------------
# The plan: provinces, documents, dates and numbers, decided before any triple is written


@dataclass
class Province:
    """A province in the corpus, with its congresses, secretaries, topic order and 2025 changes."""

    slug: str
    name: str
    iso: str
    city: bool
    congress: list[tuple[int, dt.date, dt.date]] = field(default_factory=list)  # per term
    secretaries: list[str] = field(default_factory=list)  # person names per term
    topics: list[int] = field(default_factory=list)
    event_dates: dict[str, dt.date | None] = field(default_factory=dict)

    def words(self) -> dict[str, str]:
        """The fill-ins of the agency and sentence templates."""
        if self.city:
            return {
                "u": "thanh-uy",
                "s": "thanh-pho",
                "U": "Thành ủy",
                "c": "thành phố",
                "pc": "City",
                "ce": "city",
                "P": self.name,
                "p": self.slug,
            }
        return {
            "u": "tinh-uy",
            "s": "tinh",
            "U": "Tỉnh ủy",
            "c": "tỉnh",
            "pc": "Provincial",
            "ce": "province",
            "P": self.name,
            "p": self.slug,
        }


@dataclass
class DocPlan:
    """A resolution or conclusion as planned: where it sits in its chain, its date and number, what
    it cites and which defects it carries. Every planned document is written, so any plan may
    refer to any other."""

    index: int
    province: Province
    term: int
    topic: int
    issuer: str  # "tu" or "btvtu"
    conclusion: bool
    date: dt.date
    weight: float
    previous: DocPlan | None = None
    relation: str | None = None  # "supersedes", "continues" or "cites", towards previous
    cites: list[DocPlan] = field(default_factory=list)
    number: int = 0
    variants: int = 1
    defects: list[str] = field(default_factory=list)
    cites_later: list[DocPlan] = field(default_factory=list)  # seeded defect
    supersedes_later: list[DocPlan] = field(default_factory=list)  # seeded cycle

    @property
    def series(self) -> str:
        return "KL/TU" if self.conclusion else "NQ/TU"

    @property
    def number_text(self) -> str:
        return f"{self.number:02d}-{self.series}"

    @property
    def path(self) -> str:
        return f"eli/{self.province.slug}/{self.issuer}/{self.date.year}/{slugify(self.number_text)}"

    @property
    def file(self) -> str:
        return f"documents/{self.province.slug}-{self.date.year}-{slugify(self.number_text)}.ttl"

    @property
    def period(self) -> tuple[int, int]:
        """The years it plans for: from its own year (the next, if issued in the congress year) to
        the end of the term."""
        start, end = TERMS[self.term]
        return (self.date.year if self.date.year > start else start + 1, end)


def _window(province: Province, term: int) -> tuple[dt.date, dt.date]:
    """The days a resolution of this term can bear: after its congress, before the next one's year."""
    closed = province.congress[term][2]
    end = min(dt.date(TERMS[term][1] - 1, 12, 31), LAST_DAY)
    return closed + dt.timedelta(days=30), end


def _random_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


class _Plan:
    """Which provinces, chains and documents the corpus has, and where the defects go."""

    def __init__(self, n: int, rng: random.Random) -> None:
        self.n = n
        self.rng = rng
        est_docs = max(1, round(n * 0.85 / AVERAGE_DOCUMENT))
        chains = math.ceil(est_docs / len(TERMS))
        n_prov = min(len(PROVINCES), max(1 if est_docs < 3 else 2, math.ceil(est_docs / 16)), chains)
        capacity = n_prov * len(TOPICS) * len(TERMS)
        self.n_docs = min(est_docs, capacity)
        chains = math.ceil(self.n_docs / len(TERMS))
        picked = rng.sample(range(len(PROVINCES)), n_prov)
        self.provinces = [self._province(i) for i in picked]
        self.docs: list[DocPlan] = []
        for c in range(chains):
            province = self.provinces[c % n_prov]
            topic = province.topics[c // n_prov]
            length = len(TERMS) if c < chains - 1 else self.n_docs - len(TERMS) * (chains - 1)
            self._chain(province, topic, range(len(TERMS) - length, len(TERMS)))
        resolutions = [d for d in self.docs if not d.conclusion]
        if len(resolutions) > 2 and not any(d.variants == 2 for d in resolutions):  # show text variants
            rng.choice(resolutions).variants = 2
        self._number()
        self._cross_citations()
        self.defect_count = max(1, round(n / DEFECTS_PER))
        self._place_defects()

    def _province(self, i: int) -> Province:
        name, iso, city = PROVINCES[i]
        rng = self.rng
        p = Province(slug=slugify(name), name=name, iso=iso, city=city)
        first = rng.randint(9, 17)
        restarted = rng.random() < 0.4  # a province formed by the 2025 merger starts again at I
        for t, (start, _end) in enumerate(TERMS):
            numeral = 1 if (restarted and t == len(TERMS) - 1) else first + t
            opened = dt.date(start, 9, 1) + dt.timedelta(days=rng.randint(0, 50))
            p.congress.append((numeral, opened, opened + dt.timedelta(days=rng.randint(2, 3))))
            p.secretaries.append(f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}")
        p.topics = rng.sample(range(len(TOPICS)), len(TOPICS))
        for spec in EVENTS:
            if spec.kind == "Rename" and rng.random() < 0.2:
                p.event_dates[spec.slug] = None  # the sources give no date: "unknown"
            elif spec.kind == "Dissolution":
                p.event_dates[spec.slug] = dt.date(2025, 7, 1)
            else:
                p.event_dates[spec.slug] = dt.date(2025, spec.month, 1) + dt.timedelta(
                    days=rng.randint(0, 27)
                )
        return p

    def _chain(self, province: Province, topic: int, terms: range) -> None:
        """One document per term on one topic, each superseding (or citing) the last resolution
        before it; now and then a conclusion that continues it instead."""
        previous: DocPlan | None = None
        last_resolution: DocPlan | None = None
        for t in terms:
            start, end = _window(province, t)
            conclusion = previous is not None and self.rng.random() < 0.1
            doc = DocPlan(
                index=len(self.docs),
                province=province,
                term=t,
                topic=topic,
                issuer="btvtu" if self.rng.random() < 0.3 else "tu",
                conclusion=conclusion,
                date=_random_day(self.rng, start, end),
                weight=(0.4 if conclusion else 1.0) * self.rng.uniform(0.6, 1.4),
                variants=2 if (not conclusion and self.rng.random() < 0.15) else 1,
            )
            if conclusion:
                doc.previous, doc.relation = previous, "continues"
            elif last_resolution is not None:
                doc.previous = last_resolution
                doc.relation = "supersedes" if self.rng.random() < 0.8 else "cites"
            self.docs.append(doc)
            previous = doc
            if not conclusion:
                last_resolution = doc

    def _number(self) -> None:
        """Numbers restart with each term, per series, in date order, with gaps for the documents
        the corpus leaves out (so the same number recurs across provinces and terms)."""
        groups: dict[tuple[str, int, str], list[DocPlan]] = {}
        for d in self.docs:
            groups.setdefault((d.province.slug, d.term, d.series), []).append(d)
        for docs in groups.values():
            n = 0
            for d in sorted(docs, key=lambda d: (d.date, d.index)):
                n += self.rng.randint(1, 5)
                d.number = n

    def _cross_citations(self) -> None:
        """Some documents also cite an earlier document of the same province on another topic."""
        by_province: dict[str, list[DocPlan]] = {}
        for d in self.docs:
            by_province.setdefault(d.province.slug, []).append(d)
        for d in self.docs:
            earlier = [o for o in by_province[d.province.slug] if o.date < d.date and o is not d.previous]
            if earlier and self.rng.random() < 0.3:
                d.cites.append(self.rng.choice(earlier))

    def _place_defects(self) -> None:
        """Choose where each seeded defect goes: document-level ones (a supersession cycle, a
        citation of a later document) on documents kept apart from each other, so that each
        causes exactly the SHACL results listed for it."""
        rng, k = self.rng, self.defect_count
        in_cycle: set[int] = set()
        links = [d for d in self.docs if d.relation == "supersedes" and d.previous is not None]
        for d in rng.sample(links, min(k, len(links))):
            assert d.previous is not None
            if d.index in in_cycle or d.previous.index in in_cycle:
                continue
            d.previous.supersedes_later.append(d)
            in_cycle.update((d.index, d.previous.index))
        free = [d for d in self.docs if d.index not in in_cycle]
        by_province: dict[str, list[DocPlan]] = {}
        for d in free:
            by_province.setdefault(d.province.slug, []).append(d)
        citing = [d for d in free if any(o.date > d.date for o in by_province[d.province.slug])]
        for d in rng.sample(citing, min(k, len(citing))):
            later = [o for o in by_province[d.province.slug] if o.date > d.date]
            d.cites_later.append(rng.choice(later))
        kinds = list(COMPONENT_DEFECTS)
        if self.n < SMALL_CORPUS:
            # A corpus of a few documents cannot hold every kind without overshooting its size.
            picked = set(rng.sample(kinds, max(2, self.n // 500)))
            kinds = [kind for kind in kinds if kind in picked]
        for kind in kinds:
            for _ in range(k):
                rng.choice(self.docs).defects.append(kind)
        recent = [d for d in self.docs if d.date > dt.date(2025, 7, 1)]
        for _ in range(k if recent else 0):
            rng.choice(recent).defects.append("agency-after-dissolution")


# ---------------------------------------------------------------------------------------------
# Writing


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


def check_size(triples: int) -> None:
    """Refuse a size outside the supported range, saying what the range is."""
    if not MIN_TRIPLES <= triples <= MAX_TRIPLES:
        raise SynthError(
            f"--triples {triples:,} is outside the supported range {MIN_TRIPLES:,}–{MAX_TRIPLES:,}"
        )


def synthesize(*, triples: int, seed: int, out: Path) -> SynthResult:
    """Write a synthetic corpus of about ``triples`` asserted triples to ``out``, atomically.

    The folder is built in a temporary sibling and swapped in, so ``out`` is either the previous
    folder or the complete new one. Raises :class:`SynthError` for a size out of range.
    """
    check_size(triples)
    results: list[SynthResult] = []

    def write(folder: Path) -> None:
        results.append(_Corpus(triples, seed, folder).run(out))

    write_atomically(out, write)
    return results[0]
