"""The corpus's vocabulary: provinces, committee terms, topics and indicators, agencies and their
2025 changes, names, and the phrases documents are written from.

One cohesive table of data (about 520 lines): splitting it would scatter what a reader compares.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nqgraph.namespaces import NQ

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

# fmt: on

# fmt: off
TERMS: tuple[tuple[int, int], ...] = ((2010, 2015), (2015, 2020), (2020, 2025), (2025, 2030))

# fmt: on

# fmt: off
# National congresses: numeral, opened, closed (public record).
NATIONAL = (
    (11, dt.date(2011, 1, 12), dt.date(2011, 1, 19)),
    (12, dt.date(2016, 1, 20), dt.date(2016, 1, 28)),
    (13, dt.date(2021, 1, 25), dt.date(2021, 2, 1)),
    (14, dt.date(2026, 1, 19), dt.date(2026, 1, 23)),
)

# fmt: on


# fmt: off
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

# fmt: on

# fmt: off
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

# fmt: on

# fmt: off
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

# fmt: on


# fmt: off
@dataclass(frozen=True)
class AgencySpec:
    key: str
    slug: str  # template: {u} committee slug, {s} level slug, {p} province slug
    vi: str  # template: {U} Tỉnh ủy/Thành ủy, {c} tỉnh/thành phố, {P} name
    en: str  # template: {pc} Provincial/City, {ce} province/city, {P} name
    short: str  # the name as a sentence uses it
    parent: str | None = None
    group: bool = False

# fmt: on

# fmt: off
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

# fmt: on

# fmt: off
AGENCY = {a.key: a for a in AGENCIES}

# fmt: on


# fmt: off
@dataclass(frozen=True)
class EventSpec:
    slug: str
    kind: str  # nq:Merger, nq:Rename or nq:Dissolution
    originals: tuple[str, ...]
    results: tuple[str, ...]
    month: int  # the 2025 reform: Party and department changes in spring, districts on 1 July

# fmt: on

# fmt: off
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

# fmt: on

# fmt: off
# Which body a sentence names instead, after (forward) or before (backward) the 2025 changes.
FORWARD = {
    "ban-tuyen-giao": "ban-tgdv", "ban-dan-van": "ban-tgdv", "bcsd-ubnd": "du-ubnd", "dd-hdnd": "du-hdnd",
    "du-khoi": "du-cqd", "so-khdt": "so-tai-chinh", "so-ldtbxh": "so-noi-vu", "so-tnmt": "so-nnmt",
    "so-nnptnt": "so-nnmt", "so-tttt": "so-khcn", "so-gtvt": "so-xay-dung", "cac-huyen-uy": "du-truc-thuoc",
    "ubnd-huyen": "ubnd-xa",
}

# fmt: on

# fmt: off
BACKWARD = {
    "ban-tgdv": "ban-tuyen-giao", "du-ubnd": "bcsd-ubnd", "du-hdnd": "dd-hdnd", "du-cqd": "du-khoi",
    "so-nnmt": "so-nnptnt",
}

# fmt: on

# fmt: off
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lò",
          "Giàng", "Lý", "Đinh", "Mai", "Trịnh")

# fmt: on

# fmt: off
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Tiến", "Xuân", "Công", "Ngọc", "Hồng")

# fmt: on

# fmt: off
GIVEN = ("Hùng", "Dũng", "Lan", "Hương", "Tuấn", "Thắng", "Bình", "Hải", "Long", "Nam", "Sơn", "Phúc",
         "Thành", "Trung", "Cường", "Hà", "Quân", "Khánh", "Vinh", "Nga")

# fmt: on

# fmt: off
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

# fmt: on

# fmt: off
OBJECTIVES = (
    ("Tạo chuyển biến rõ nét về {t}, góp phần xây dựng {c} {P} phát triển nhanh, bền vững",
     "Achieve a clear change in {te}, contributing to the fast, sustainable development of {P} {ce}"),
    ("Phấn đấu đến năm {y}, {t} của {c} đạt mức khá so với các tỉnh trong vùng",
     "By {y}, bring {te} of the {ce} to a good level within its region"),
    ("Hoàn thành các chỉ tiêu về {t} mà Nghị quyết Đại hội đề ra",
     "Meet the congress resolution's targets on {te}"),
)

# fmt: on

# fmt: off
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

# fmt: on

# fmt: off
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

# fmt: on

# fmt: off
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

# fmt: on

# fmt: off
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

# fmt: on

# fmt: off
COMPARATORS_UP = ("Equal", "AtLeast", "GreaterThan", "Approximately", "Between")

# fmt: on

# fmt: off
COMPARATORS_DOWN = ("Equal", "LessThan", "AtMost", "Approximately", "Between")

# fmt: on

# fmt: off
PHRASE_VI = {
    "Equal": "đạt {v}", "AtLeast": "đạt tối thiểu {v}", "GreaterThan": "đạt trên {v}",
    "LessThan": "giảm xuống dưới {v}", "AtMost": "không quá {v}", "Approximately": "đạt khoảng {v}",
    "Between": "đạt từ {v}",
}

# fmt: on

# fmt: off
PHRASE_EN = {
    "Equal": "{v}", "AtLeast": "at least {v}", "GreaterThan": "above {v}", "LessThan": "below {v}",
    "AtMost": "at most {v}", "Approximately": "about {v}", "Between": "between {v}",
}

# fmt: on

# fmt: off
QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}

# fmt: on

# fmt: off
VARIANT_PREFIX = ("Cụ thể: ", "Trong đó: ", "Đồng thời, ")

# fmt: on

# fmt: off
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

# fmt: on

# fmt: off
COMPONENT_DEFECTS = (
    "target-without-indicator", "range-max-below-min", "percentage-over-100", "appendix-task-two-leads",
    "invalid-date", "component-without-document", "task-due-before-document",
)

# fmt: on
