"""Resolving agencies, documents and indicators against a data folder.

Most tests use a small folder written here (two provinces that share document numbers, a merger,
a congress); a few check the bundled data, whose Điện Biên agencies and documents are stable.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from nqgraph.errors import DataError
from nqgraph.ingest.model import Span
from nqgraph.ingest.readers.references import DocumentReference, find_references
from nqgraph.ingest.resolve import AgencyMatch, Resolver, is_central, stub_issuer

ROOT = Path(__file__).resolve().parents[2]
ID = "https://w3id.org/nqgraph/id/"

PREFIXES = """\
@prefix nq: <https://w3id.org/nqgraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/nqgraph/id/> .
"""

PROVINCES = """
id:province\\/alpha a nq:Province ; rdfs:label "Tỉnh Điện Biên"@vi, "Điện Biên province"@en ;
    skos:altLabel "Điện Biên"@vi .
id:province\\/beta a nq:Province ; rdfs:label "Tỉnh Lai Châu"@vi ; skos:altLabel "Lai Châu"@vi .
"""

AGENCIES = """
id:agency\\/alpha\\/ubnd-tinh a nq:Agency ; rdfs:label "Ủy ban nhân dân tỉnh Điện Biên"@vi ;
    skos:altLabel "UBND tỉnh"@vi .
id:agency\\/alpha\\/tinh-uy a nq:Agency ; rdfs:label "Ban Chấp hành Đảng bộ tỉnh Điện Biên"@vi ;
    skos:altLabel "Tỉnh ủy Điện Biên"@vi, "Tỉnh ủy"@vi .
id:agency\\/alpha\\/ban-thuong-vu-tinh-uy a nq:Agency ; rdfs:label "Ban Thường vụ Tỉnh ủy Điện Biên"@vi .
id:agency\\/alpha\\/ban-tuyen-giao-tinh-uy a nq:Agency ; rdfs:label "Ban Tuyên giáo Tỉnh ủy Điện Biên"@vi .
id:agency\\/alpha\\/ban-dan-van-tinh-uy a nq:Agency ; rdfs:label "Ban Dân vận Tỉnh ủy Điện Biên"@vi .
id:agency\\/alpha\\/ban-tgdv-tinh-uy a nq:Agency ;
    rdfs:label "Ban Tuyên giáo và Dân vận Tỉnh ủy Điện Biên"@vi .
id:agency\\/alpha\\/mttq a nq:Agency ; rdfs:label "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Điện Biên"@vi .
id:agency\\/alpha\\/hdnd-tinh a nq:Agency ; rdfs:label "Hội đồng nhân dân tỉnh Điện Biên"@vi .
id:agency\\/alpha\\/cac-so-ban-nganh a nq:AgencyGroup ; rdfs:label "Các sở, ban, ngành tỉnh Điện Biên"@vi .
id:agency\\/alpha\\/so-khcn a nq:Agency ; rdfs:label "Sở Khoa học và Công nghệ tỉnh Điện Biên"@vi .
id:agency\\/alpha\\/dai-hoi-xv a nq:Congress ;
    rdfs:label "Đại hội đại biểu Đảng bộ tỉnh Điện Biên lần thứ XV, nhiệm kỳ 2025 - 2030"@vi .
id:agency\\/beta\\/ubnd-tinh a nq:Agency ; rdfs:label "Ủy ban nhân dân tỉnh Lai Châu"@vi .
id:agency\\/beta\\/so-a a nq:Agency ;
    rdfs:label "Sở Nội vụ mới tỉnh Lai Châu"@vi ; skos:altLabel "Sở Nội vụ"@vi .
id:agency\\/beta\\/so-b a nq:Agency ;
    rdfs:label "Sở Nội vụ cũ tỉnh Lai Châu"@vi ; skos:altLabel "Sở Nội vụ"@vi .
id:agency\\/gamma\\/ubnd-tinh a nq:Agency ;
    rdfs:label "Ủy ban nhân dân tỉnh Yên Bái"@vi ; skos:altLabel "UBND tỉnh"@vi .
id:agency\\/vn\\/bo-chinh-tri a nq:Agency ; rdfs:label "Bộ Chính trị"@vi .
id:agency\\/vn\\/dai-hoi-xiii a nq:Congress ;
    rdfs:label "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"@vi .
id:change\\/alpha\\/tgdv a nq:ChangeEvent ;
    org:originalOrganization id:agency\\/alpha\\/ban-tuyen-giao-tinh-uy,
        id:agency\\/alpha\\/ban-dan-van-tinh-uy ;
    org:resultingOrganization id:agency\\/alpha\\/ban-tgdv-tinh-uy .
"""

DOCUMENTS = """
id:eli\\/alpha\\/tu\\/2021\\/10-nq-tu a nq:Resolution ; rdfs:label "Nghị quyết số 10-NQ/TU"@vi ;
    nq:documentNumber "10-NQ/TU" ; nq:issuedOn "2021-07-29"^^xsd:date ;
    nq:issuedBy id:agency\\/alpha\\/tinh-uy ; nq:province id:province\\/alpha .
id:eli\\/alpha\\/tu\\/2021\\/10-nq-tu\\/text a nq:Expression ;
    rdfs:label "Văn bản Nghị quyết số 10-NQ/TU"@vi .
id:eli\\/alpha\\/tu\\/2016\\/10-nq-tu a nq:Resolution ; rdfs:label "Nghị quyết số 10-NQ/TU (2016)"@vi ;
    nq:documentNumber "10-NQ/TU" ; nq:issuedOn "2016-05-20"^^xsd:date ;
    nq:issuedBy id:agency\\/alpha\\/tinh-uy ; nq:province id:province\\/alpha .
id:eli\\/beta\\/tu\\/2021\\/10-nq-tu a nq:Resolution ;
    rdfs:label "Nghị quyết số 10-NQ/TU của Tỉnh ủy Lai Châu"@vi ;
    nq:documentNumber "10-NQ/TU" ; nq:issuedOn "2021-07-29"^^xsd:date ; nq:province id:province\\/beta .
id:eli\\/vn\\/tw\\/2024\\/57-nq-tw a nq:Resolution ; rdfs:label "Nghị quyết số 57-NQ/TW"@vi ;
    nq:documentNumber "57-NQ/TW" ;
    nq:issuedOn "2024-12-22"^^xsd:date ; nq:issuedBy id:agency\\/vn\\/bo-chinh-tri .
id:eli\\/alpha\\/dh\\/2025\\/nq-dai-hoi-xv a nq:CongressResolution ;
    rdfs:label "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XV"@vi ;
    nq:issuedBy id:agency\\/alpha\\/dai-hoi-xv ; nq:province id:province\\/alpha .
id:eli\\/vn\\/dh\\/2021\\/nq-dai-hoi-xiii a nq:CongressResolution ;
    rdfs:label "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"@vi ;
    nq:issuedBy id:agency\\/vn\\/dai-hoi-xiii .
id:eli\\/beta\\/unknown\\/unknown\\/ke-hoach-kien-co-hoa a nq:Plan ;
    rdfs:label "Kế hoạch kiên cố hóa trường, lớp học tỉnh Lai Châu"@vi ; nq:province id:province\\/beta .
id:eli\\/alpha\\/btvtu\\/2016\\/02-kl-tu a nq:Conclusion ; rdfs:label "Kết luận số 02-KL/TU"@vi ;
    nq:documentNumber "02-KL/TU" ; nq:issuedOn "2016-05-20"^^xsd:date ; nq:province id:province\\/alpha .
id:eli\\/beta\\/dh\\/2020\\/nq-dai-hoi-xiv a nq:CongressResolution ;
    rdfs:label "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Lai Châu lần thứ XIV"@vi ;
    nq:province id:province\\/beta .
id:eli\\/alpha\\/unknown\\/unknown\\/ct-giao-duc a nq:Programme ;
    rdfs:label "Chương trình đổi mới giáo dục phổ thông"@vi ; nq:province id:province\\/alpha .
id:eli\\/alpha\\/unknown\\/unknown\\/de-an-tao-hon a nq:Project ;
    rdfs:label "Đề án Giảm thiểu tình trạng tảo hôn giai đoạn 2021 - 2025"@vi ;
    nq:province id:province\\/alpha .
"""

INDICATORS = """
id:indicator\\/trained-labour-rate a nq:Indicator ; rdfs:label "Tỷ lệ lao động qua đào tạo"@vi ;
    skos:prefLabel "Tỷ lệ lao động qua đào tạo"@vi ; skos:altLabel "tỷ lệ lao động đã qua đào tạo"@vi .
"""


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("data")
    for name, body in (
        ("provinces.ttl", PROVINCES),
        ("agencies/all.ttl", AGENCIES),
        ("documents/all.ttl", DOCUMENTS),
        ("indicators/all.ttl", INDICATORS),
    ):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PREFIXES + body, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def resolver(data: Path) -> Resolver:
    return Resolver.from_data(data)


def _ref(text: str) -> DocumentReference:
    (reference,) = find_references(text)
    return reference


@pytest.mark.parametrize(
    ("name", "local"),
    [
        ("Ủy ban nhân dân tỉnh", "ubnd-tinh"),
        ("UBND tỉnh", "ubnd-tinh"),
        ("Uỷ ban nhân dân Tỉnh Điện Biên", "ubnd-tinh"),
        ("HĐND tỉnh", "hdnd-tinh"),
        ("Ủy ban MTTQ tỉnh", "mttq"),
        ("Ban Thường vụ Tỉnh uỷ", "ban-thuong-vu-tinh-uy"),
        ("BTV Tỉnh ủy", "ban-thuong-vu-tinh-uy"),
        ("Ban Thường vụ TU", "ban-thuong-vu-tinh-uy"),
        ("các sở, ban, ngành", "cac-so-ban-nganh"),
        ("Các sở, ban, ngành tỉnh", "cac-so-ban-nganh"),
        ("Sở KH&CN", "so-khcn"),
        ("Tỉnh ủy", "tinh-uy"),
    ],
)
def test_an_agency_resolves_by_folded_label_abbreviation_and_province_suffix(
    resolver: Resolver, name: str, local: str
) -> None:
    assert resolver.agency(name, province="alpha") == f"{ID}agency/alpha/{local}"


def test_a_central_body_resolves_from_any_province(resolver: Resolver) -> None:
    assert resolver.agency("Bộ Chính trị", province="beta") == f"{ID}agency/vn/bo-chinh-tri"


def test_a_name_resolves_within_the_given_province_only(resolver: Resolver) -> None:
    assert resolver.agency("Ủy ban nhân dân tỉnh", province="beta") == f"{ID}agency/beta/ubnd-tinh"
    assert resolver.agency("Sở Khoa học và Công nghệ", province="beta") is None


def test_an_unknown_or_ambiguous_name_resolves_to_nothing(resolver: Resolver) -> None:
    assert resolver.agency("Ban Quản lý Khu kinh tế", province="alpha") is None
    # Two bodies of Lai Châu answer to "Sở Nội vụ" equally well: a person decides.
    assert resolver.agency_match("Sở Nội vụ", province="beta") is None
    assert resolver.agency("Sở Nội vụ cũ", province="beta") == f"{ID}agency/beta/so-b"


def test_an_old_name_resolves_to_its_body_and_names_the_successor(resolver: Resolver) -> None:
    match = resolver.agency_match("Ban Tuyên giáo Tỉnh ủy", province="alpha")
    assert match == AgencyMatch(
        f"{ID}agency/alpha/ban-tuyen-giao-tinh-uy",
        "Ban Tuyên giáo Tỉnh ủy Điện Biên",
        (f"{ID}agency/alpha/ban-tgdv-tinh-uy",),
    )
    merged = resolver.agency_match("Ban Tuyên giáo và Dân vận Tỉnh ủy", province="alpha")
    assert merged is not None and merged.successors == ()


def test_a_document_resolves_by_number_date_and_province(resolver: Resolver) -> None:
    ref = _ref("thực hiện Nghị quyết số 10-NQ/TU, ngày 29/7/2021 của Ban Chấp hành Đảng bộ tỉnh")
    assert resolver.document(ref, province="alpha") == f"{ID}eli/alpha/tu/2021/10-nq-tu"
    assert resolver.document(ref, province="beta") == f"{ID}eli/beta/tu/2021/10-nq-tu"


def test_a_number_two_documents_of_the_province_share_identifies_neither(resolver: Resolver) -> None:
    assert resolver.document(_ref("Nghị quyết số 10-NQ/TU của Tỉnh ủy"), province="alpha") is None
    wrong_day = _ref("Nghị quyết số 10-NQ/TU ngày 01/01/2021 của Tỉnh ủy")
    assert resolver.document(wrong_day, province="alpha") is None
    stray_space = _ref("Nghị quyết số 10 -NQ/TU ngày 20/5/2016")
    assert resolver.document(stray_space, province="alpha") == f"{ID}eli/alpha/tu/2016/10-nq-tu"
    assert resolver.document(stray_space, province=None) is None


def test_a_central_document_resolves_by_its_issuer(resolver: Resolver) -> None:
    ref = _ref("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị")
    assert resolver.document(ref, province="beta") == f"{ID}eli/vn/tw/2024/57-nq-tw"


def test_a_congress_resolution_resolves_by_its_congress(resolver: Resolver) -> None:
    provincial = _ref("cụ thể hóa Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XV, nhiệm kỳ 2025 - 2030")
    assert resolver.document(provincial, province="alpha") == f"{ID}eli/alpha/dh/2025/nq-dai-hoi-xv"
    assert resolver.document(provincial, province="beta") is None
    national = _ref("Quán triệt Nghị quyết Đại hội XIII của Đảng")
    assert resolver.document(national, province="beta") == f"{ID}eli/vn/dh/2021/nq-dai-hoi-xiii"


def test_a_named_project_resolves_by_its_name(resolver: Resolver) -> None:
    ref = _ref("thực hiện có hiệu quả Đề án Giảm thiểu tình trạng tảo hôn giai đoạn 2021 - 2025.")
    assert resolver.document(ref, province="alpha") == f"{ID}eli/alpha/unknown/unknown/de-an-tao-hon"


def test_a_name_cut_short_by_the_text_resolves_when_one_document_starts_so(resolver: Resolver) -> None:
    ref = _ref("thực hiện Kế hoạch kiên cố hóa trường, lớp học; đầu tư nâng cấp")
    assert ref.title == "Kế hoạch kiên cố hóa trường"
    assert resolver.document(ref, province="beta") == f"{ID}eli/beta/unknown/unknown/ke-hoach-kien-co-hoa"
    assert resolver.document(ref, province="alpha") is None


def test_a_body_of_another_province_resolves_when_named_with_it(resolver: Resolver) -> None:
    assert resolver.agency("UBND tỉnh Yên Bái", province="alpha") == f"{ID}agency/gamma/ubnd-tinh"
    assert resolver.agency("UBND tỉnh", province="alpha") == f"{ID}agency/alpha/ubnd-tinh"


def test_a_reference_without_number_title_or_congress_resolves_to_nothing(resolver: Resolver) -> None:
    bare = DocumentReference(Span(0, 10), "Nghị quyết", "Resolution", None, None, None, "cites")
    assert resolver.document(bare, province="alpha") is None


@pytest.mark.parametrize(
    "phrase", ["Tỷ lệ lao động qua đào tạo", "tỷ lệ lao động qua đào tạo", "Tỷ lệ lao động đã qua đào tạo"]
)
def test_an_indicator_resolves_by_folded_label_or_alternative_label(resolver: Resolver, phrase: str) -> None:
    assert resolver.indicator(phrase) == f"{ID}indicator/trained-labour-rate"


def test_an_unknown_indicator_resolves_to_nothing(resolver: Resolver) -> None:
    assert resolver.indicator("Tỷ lệ hộ nghèo") is None


def test_a_missing_data_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such data folder"):
        Resolver.from_data(tmp_path / "absent")


def test_a_broken_turtle_file_is_refused_naming_it(tmp_path: Path) -> None:
    (tmp_path / "broken.ttl").write_text("<a> <b> ", encoding="utf-8")
    with pytest.raises(DataError, match=r"broken\.ttl"):
        Resolver.from_data(tmp_path)


def test_the_bundled_data_loads_in_under_a_second_and_resolves_dien_bien() -> None:
    started = time.perf_counter()
    resolver = Resolver.from_data(ROOT / "data" / "ttl")
    assert time.perf_counter() - started < 1.0
    assert (
        resolver.agency("Ban Tổ chức Tỉnh ủy", province="dien-bien")
        == f"{ID}agency/dien-bien/ban-to-chuc-tinh-uy"
    )
    ref = _ref("Nghị quyết số 06-NQ/TU, ngày 23/3/2012 của Ban Chấp hành Đảng bộ tỉnh")
    assert resolver.document(ref, province="dien-bien") == f"{ID}eli/dien-bien/tu/2012/06-nq-tu"
    assert ref.date == dt.date(2012, 3, 23)


def test_a_number_without_its_date_is_the_provinces_only_document_of_that_number(resolver: Resolver) -> None:
    ref = _ref("tiếp tục thực hiện Kết luận số 02-KL/TU")
    assert resolver.document(ref, province="alpha") == f"{ID}eli/alpha/btvtu/2016/02-kl-tu"
    assert resolver.document(ref, province="beta") is None
    assert resolver.document(ref, province=None) is None


def test_a_central_number_and_date_identify_the_document_without_an_issuer(resolver: Resolver) -> None:
    ref = _ref("theo Nghị quyết số 57-NQ/TW ngày 22/12/2024")
    assert resolver.document(ref, province="alpha") == f"{ID}eli/vn/tw/2024/57-nq-tw"
    other_day = _ref("theo Nghị quyết số 57-NQ/TW ngày 21/12/2024")
    assert resolver.document(other_day, province="alpha") is None


def test_a_congress_resolution_resolves_by_its_label_when_the_congress_is_no_body(resolver: Resolver) -> None:
    ref = _ref("thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XIV")
    assert resolver.document(ref, province="beta") == f"{ID}eli/beta/dh/2020/nq-dai-hoi-xiv"
    assert resolver.document(ref, province="alpha") is None


def test_the_national_congress_named_alone_resolves_to_its_resolution(resolver: Resolver) -> None:
    ref = _ref("một đột phá được Đại hội đại biểu toàn quốc lần thứ XIII của Đảng xác định")
    assert resolver.document(ref, province="alpha") == f"{ID}eli/vn/dh/2021/nq-dai-hoi-xiii"


@pytest.mark.parametrize(
    ("text", "central"),
    [
        ("Nghị quyết số 57-NQ/TW ngày 22/12/2024", True),
        ("Nghị định số 99/2023/NĐ-CP", True),
        ("Thông tư số 12/2024/TT-BGDĐT", True),
        ("Nghị quyết số 03-NQ/TU ngày 2/1/2026 của Ban Chấp hành Đảng bộ tỉnh", False),
        ("Kế hoạch số 71/KH-UBND ngày 5/6/2026", False),
        ("Kết luận số 14-KL/BTVTU", False),
        ("Nghị quyết Đại hội XIV của Đảng", True),
        ("Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XVI", False),
    ],
)
def test_a_reference_is_central_by_its_number_issuer_or_congress(text: str, central: bool) -> None:
    assert is_central(_ref(text)) is central


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        ("Quy định số 20-QĐ/TU ngày 2/3/2025 của Ban Thường vụ Tỉnh ủy", "btvtu"),
        ("Nghị quyết số 03-NQ/TU ngày 2/1/2026 của Tỉnh ủy", "tu"),
        ("Kế hoạch số 71/KH-UBND ngày 5/6/2026 của Ủy ban nhân dân tỉnh", "ubnd"),
        ("Nghị định số 99/2023/NĐ-CP", "cp"),
        ("thực hiện Đề án “Phát triển du lịch cộng đồng”", "unknown"),
    ],
)
def test_a_stub_is_named_by_the_issuer_printed_else_by_the_numbers_code(text: str, issuer: str) -> None:
    assert stub_issuer(_ref(text)) == issuer


@pytest.mark.parametrize(
    ("name", "local"),
    [
        ("Giao Sở Khoa học và Công nghệ", "so-khcn"),
        ("Đề nghị Ủy ban MTTQ tỉnh", "mttq"),
        ("Mặt trận Tổ quốc", "mttq"),
    ],
)
def test_a_name_printed_without_its_level_or_after_giao_resolves(
    resolver: Resolver, name: str, local: str
) -> None:
    assert resolver.agency(name, province="alpha") == f"{ID}agency/alpha/{local}"


def test_a_printing_two_bodies_share_resolves_to_neither(resolver: Resolver) -> None:
    assert resolver.agency("Sở Nội vụ tỉnh", province="beta") is None


def test_known_names_of_a_province_include_their_printed_spellings(resolver: Resolver) -> None:
    names = resolver.agency_names("alpha")
    assert names["uy ban nhan dan tinh"] == names["ubnd tinh"] == f"{ID}agency/alpha/ubnd-tinh"
    assert names["cac so, ban, nganh"] == f"{ID}agency/alpha/cac-so-ban-nganh"
    assert names["bo chinh tri"] == f"{ID}agency/vn/bo-chinh-tri"
    assert not any(key.startswith("uy ban nhan dan tinh lai chau") for key in names)


def test_a_document_named_in_lower_case_resolves_by_its_whole_label(resolver: Resolver) -> None:
    iri = f"{ID}eli/alpha/unknown/unknown/ct-giao-duc"
    assert resolver.document_by_name("chương trình đổi mới giáo dục phổ thông") == iri
    assert resolver.document_by_name("Chương trình đổi mới giáo dục  phổ thông,") == iri
    assert resolver.document_by_name("chương trình đổi mới giáo dục") is None


def test_what_the_data_folder_describes_exists(resolver: Resolver) -> None:
    assert resolver.exists(f"{ID}agency/alpha/so-khcn")
    assert not resolver.exists(f"{ID}agency/alpha/so-moi")


def test_a_document_the_graph_holds_is_found_by_its_label_in_a_passage(resolver: Resolver) -> None:
    text = "Đổi mới theo chương trình đổi mới giáo dục phổ thông, không theo chương trình cũ."
    (named,) = resolver.documents_named(text, Span(0, len(text)))
    assert (text[named.span.start : named.span.end], named.kind) == ("chương trình ", "Programme")
    assert named.iri == f"{ID}eli/alpha/unknown/unknown/ct-giao-duc"
