"""The OCR-confusion reader: what tesseract commonly misreads in Vietnamese administrative text.

OCR of a scanned resolution reads "Tỷ lệ" as "1ỷ lệ", "trong" as "frong", "so sánh" as "SO sánh",
"đồng" as "dồng", "người" as "nguời", "tổ chức" as "tô chức", "51" as "5l", and breaks words
("thực hi ện", "hi-⏎ện"). :func:`find_confusions` finds such passages and says what they most
likely read; it never changes the text. :func:`corrected` applies every correction found to a copy
and returns an :class:`OffsetMap`, so that the drafting side can read numbers and words from the
corrected copy and still tie each fact to its span in the original text.

The rules are general: each correction turns a passage that is not a word, or not a phrase, of
Vietnamese administrative writing into one that is, by undoing one kind of OCR confusion (a
digit for a look-alike letter and back, a lost stroke, horn or tone mark, small letters read as
capitals, letters that look alike, a word split in two). What counts as a word or phrase is a
small lexicon of frequent administrative words (:data:`LEXICON`), written for this purpose and
taken from no particular document; a word outside it is never changed by a rule that needs it.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from nqgraph.ingest.formats.legacy import is_syllable
from nqgraph.ingest.model import Span
from nqgraph.text import fold

# Frequent words and phrases of Vietnamese administrative writing, comma-separated. Their
# syllables are the known syllables; their adjacent syllable pairs are the known phrases.
LEXICON = """
nghị quyết, quyết định, quyết nghị, kết luận, chỉ thị, quy định, quy chế, kế hoạch, chương trình,
đề án, dự án, dự thảo, văn bản, công văn, thông báo, hướng dẫn, thông tư, nghị định, luật, pháp luật,
điều, khoản, điểm, mục, phần, chương, phụ lục, biểu, bảng, kèm theo, ban hành, hiệu lực, thi hành,
thực hiện, triển khai, tổ chức, phát triển, kinh tế, xã hội, chính trị, chính trị gia, hệ thống,
nhân dân, ủy ban, uỷ ban, hội đồng, ban chấp hành, ban thường vụ, thường trực, tỉnh ủy, tỉnh uỷ,
huyện ủy, thành ủy, đảng ủy, đảng bộ, đảng viên, chi bộ, tổ chức đảng, cấp ủy, cấp uỷ, bí thư,
phó bí thư, chủ tịch, phó chủ tịch, giám đốc, phó giám đốc, trưởng ban, phó trưởng ban, trưởng phòng,
cán bộ, công chức, viên chức, người lao động, chỉ tiêu, mục tiêu, nhiệm vụ, giải pháp, quan điểm,
định hướng, tầm nhìn, tỷ lệ, tỉ lệ, so sánh, so với, cùng kỳ, trong, trong đó, trong năm, được, người,
những, nhưng, như, như vậy, như sau, hơn, đồng, đồng bào, đồng chí, đồng thời, đồng bộ, đạt, đạt được,
đến, đến năm, đối với, đơn vị, địa phương, địa bàn, đầu tư, đầu người, đào tạo, giáo dục, y tế, y dược,
nông thôn, nông thôn mới, nông nghiệp, công nghiệp, dịch vụ, du lịch, thương mại, doanh nghiệp,
hợp tác xã, hộ kinh doanh, lao động, việc làm, hộ nghèo, cận nghèo, giảm nghèo, thu nhập,
bình quân, tăng trưởng, tổng sản phẩm, sản phẩm, sản xuất, sản lượng, giá trị, ngân sách, nhà nước,
quản lý, chính quyền, cơ quan, cơ sở, cơ cấu, cơ chế, cơ bản, sở, ban, ngành, huyện, xã, phường,
thị xã, thị trấn, thành phố, tỉnh, trung ương, quốc gia, quốc phòng, an ninh, trật tự, an toàn,
môi trường, tài nguyên, khoáng sản, khoa học, công nghệ, chuyển đổi số, đổi mới, sáng tạo,
văn hóa, văn hoá, thể thao, gia đình, trẻ em, phụ nữ, thanh niên, dân tộc, thiểu số, tôn giáo,
mặt trận, tổ quốc, đoàn thể, chính trị xã hội, chủ trì, phối hợp, theo dõi, kiểm tra, giám sát,
đôn đốc, báo cáo, tổng kết, sơ kết, đánh giá, kết quả, hằng năm, hàng năm, hằng tháng, hàng tháng,
hằng quý, thường xuyên, định kỳ, năm, tháng, ngày, tuần, quý, giai đoạn, nhiệm kỳ, đại hội,
đại biểu, hội nghị, tuyên truyền, vận động, nâng cao, chất lượng, hiệu quả, năng lực,
nguồn nhân lực, nhân lực, hạ tầng, kết cấu, giao thông, xây dựng, đô thị, đô thị hóa, điện, nước sạch,
trường học, trường, học sinh, sinh viên, giáo viên, mầm non, tiểu học, trung học, phổ thông,
đại học, cao đẳng, dạy nghề, bệnh viện, bác sĩ, giường bệnh, bảo hiểm, trạm y tế, chuẩn quốc gia,
tiêu chí, tiêu chuẩn, phấn đấu, duy trì, bảo đảm, đảm bảo, tăng, giảm, trên, dưới, ít nhất, tối thiểu,
tối đa, khoảng, từ, trở lên, trở xuống, không, có, các, của, và, với, cho, về, là, đã, đang, sẽ,
này, đó, đây, một, hai, ba, bốn, năm, sáu, bảy, tám, chín, mười, mươi, trăm, nghìn, ngàn, triệu, tỷ,
vạn, phần trăm, tổng, số, lượng, mỗi, toàn, toàn tỉnh, toàn diện, thuộc, trực thuộc, vùng, miền núi,
biên giới, vùng cao, dân, dân số, dân cư, dân chủ, dân vận, người dân, để, do, vì, nên, theo, tại,
sau, trước, bằng, cũng, còn, chưa, rất, nhất, nhiều, ít, lớn, nhỏ, mới, cũ, cao, thấp, chung, riêng,
cụ thể, chủ yếu, trọng tâm, trọng điểm, then chốt, đột phá, khâu, lĩnh vực, ưu tiên, ưu đãi,
nguồn lực, nguồn vốn, vốn, huy động, thu hút, tín dụng, ngân hàng, tài chính, tài sản, thuế, phí,
đất đai, đất, rừng, trồng rừng, che phủ, độ che phủ, thủy lợi, thủy sản, chăn nuôi, trồng trọt,
lương thực, cây trồng, vật nuôi, hàng hóa, hàng hoá, xuất khẩu, nhập khẩu, thị trường, tiêu thụ,
chuỗi, liên kết, hợp tác, quốc tế, đối ngoại, hội nhập, cửa khẩu, khu công nghiệp, cụm công nghiệp,
khu kinh tế, điều kiện, khó khăn, hạn chế, tồn tại, nguyên nhân, bài học, kinh nghiệm, thuận lợi,
thách thức, cơ hội, tình hình, bối cảnh, yêu cầu, mục đích, nội dung, phạm vi, đối tượng, thời gian,
lộ trình, tiến độ, kinh phí, dự toán, nguồn, sử dụng, ứng dụng, hiện đại, hiện đại hóa, hiện nay,
hiện có, công tác, công việc, lãnh đạo, chỉ đạo, điều hành, cải cách, hành chính, thủ tục, dịch vụ công,
trực tuyến, điện tử, chính phủ, quốc hội, bộ, bộ chính trị, ban bí thư, tỉnh đoàn, hội, liên đoàn,
công đoàn, cựu chiến binh, nông dân, hội nông dân, hội phụ nữ, đoàn thanh niên, quân sự, biên phòng,
công an, tòa án, toà án, viện kiểm sát, kiểm sát, thanh tra, kiểm toán, tư pháp, nội vụ, ngoại vụ,
văn phòng, tuyên giáo, tổ chức cán bộ, kiểm tra đảng, dân vận, nội chính, thông tin, truyền thông,
báo chí, phát thanh, truyền hình, xuất bản, bưu chính, viễn thông, internet, mạng, dữ liệu, số hóa,
kinh tế số, xã hội số, chính quyền số, chữ ký số, nền tảng, công dân, hồ sơ, tích hợp, kết nối,
chia sẻ, bảo vệ, phòng chống, phòng, chống, tham nhũng, lãng phí, tiêu cực, vi phạm, xử lý,
kỷ luật, kỷ cương, trách nhiệm, người đứng đầu, tập thể, cá nhân, khen thưởng, thi đua, tuyên dương,
gương mẫu, đạo đức, lối sống, tư tưởng, tư duy, nhận thức, ý thức, tinh thần, đoàn kết, thống nhất,
vững mạnh, trong sạch, tiên tiến, đậm đà, bản sắc, di sản, di tích, lễ hội, làng, bản, thôn, tổ dân phố,
gia tăng, tăng cường, đẩy mạnh, đẩy nhanh, tiếp tục, chú trọng, quan tâm, khuyến khích, hỗ trợ,
tạo điều kiện, tạo, rà soát, bổ sung, sửa đổi, điều chỉnh, hoàn thiện, hoàn thành, vượt, vượt mức,
đề ra, đề xuất, kiến nghị, tham mưu, trình, phê duyệt, thẩm định, cấp, cấp phép, giấy phép, tỉnh lộ,
quốc lộ, đường, cầu, bến, cảng, sân bay, đường sắt, cao tốc, nhà ở, xã hội hóa, tái định cư,
giải phóng mặt bằng, mặt bằng, quy hoạch, kiến trúc, cảnh quan, sinh thái, khí hậu, thiên tai, lũ,
sạt lở, ứng phó, biến đổi, rác thải, chất thải, xử lý rác, nước thải, ô nhiễm, tiết kiệm, năng lượng,
bền vững, xanh, sạch, an sinh, phúc lợi, chính sách, người có công, bảo trợ, hộ gia đình, hộ, gia,
sức khỏe, sức khoẻ, khám chữa bệnh, dinh dưỡng, suy dinh dưỡng, tiêm chủng, dịch bệnh, dược liệu,
dược phẩm, dược sĩ, ngành dược, thuốc, vắc xin, tuổi, tuổi thọ, trung bình, bình đẳng, giới,
ngôn ngữ, chữ, tiếng, tiếng việt, việt nam, cộng hòa, cộng hoà, chủ nghĩa, độc lập, tự do, hạnh phúc,
đảng cộng sản, sản, nơi nhận, lưu, như trên, tm, kt, thay mặt, ký, ký thay, tu bổ, tu sửa, tôn tạo,
nhu cầu, thu, thu ngân sách, chi, chi ngân sách, chi tiêu, tiêu dùng, bán lẻ, doanh thu, lợi nhuận,
thuở, đi đôi, đã được, chưa được, không được, được giao, được phê duyệt,
triệu đồng, nghìn đồng, tỷ đồng, thì, mà, nếu, khi, nhằm, qua, ra, vào, lên, xuống,
đi, lại, đều, luôn, vẫn, đặc biệt, nhất là,
ổn định, ổn, bước, bước đầu, cơ bản, đầy đủ, kịp thời, chặt chẽ, quyết liệt, linh hoạt, sáng tạo,
hiệu lực, hiệu năng, phát huy, khai thác, tiềm năng, lợi thế, thế mạnh, động lực, cực tăng trưởng,
hành lang, trục, vành đai, liên vùng, kết quả đạt được, thực chất, quy mô, tốc độ, bình quân đầu người,
tổng hợp, đề nghị, phân công, phân cấp, phân bổ, phân loại, giao, chỉ số, cải thiện, phục vụ, phục hồi,
tiếp cận, cung cấp, cung ứng, nghiên cứu, ứng dụng, chuyển giao, chuyển dịch, chuyển biến, tích cực,
trách nhiệm, nghĩa vụ, quyền, lợi ích, hợp pháp, đúng, sai, đủ, thiếu, tỷ trọng, quy trình, tiến độ,
thời hạn, hạn, kỳ, lần, đợt, bước, vị trí, vai trò, chức năng, nhiệm vụ chính trị, tổ chức bộ máy,
bộ máy, sắp xếp, tinh gọn, biên chế, vị trí việc làm, đánh giá cán bộ, quy hoạch cán bộ, luân chuyển,
bổ nhiệm, tuyển dụng, bồi dưỡng, học tập, làm theo, tấm gương, hồ chí minh, chủ tịch hồ chí minh,
mác, lênin, chủ nghĩa mác lênin, kinh tế thị trường, định hướng xã hội chủ nghĩa, xã hội chủ nghĩa,
đảng cầm quyền, nhân dân làm chủ, dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng,
đồng thời, toàn dân, toàn xã hội, cả nước, trong nước, ngoài nước, nước ngoài, ngoài nhà nước,
tư nhân, kinh tế tư nhân, tập đoàn, nhà đầu tư, khởi nghiệp, đổi mới sáng tạo, trên địa bàn,
trở thành, là một, trong những, một trong, hơn nữa, cao hơn, thấp hơn, nhiều hơn, ít hơn,
"""

# A digit that OCR reads for a look-alike letter, and the letters it may stand for.
_DIGIT_LETTERS = {"0": "o", "1": "tli", "5": "s", "8": "b", "6": "b", "4": "a"}
# Letters OCR reads for look-alike digits inside a number.
_LETTER_DIGITS = {"O": "0", "o": "0", "l": "1", "I": "1"}
# Letters that look alike in print: (what OCR read, what was printed).
_LOOK_ALIKE = (("f", "t"), ("rn", "m"), ("cl", "d"), ("I", "l"), ("I", "i"), ("l", "i"), ("j", "i"))

_HORN = "\u031b"
# In decomposed text: u or o where exactly one of the two carries the horn ("uơ", "ưo").
_HALF_HORNED = re.compile(
    "(?<![qQ])([uU])([\u0300-\u036f]*)([oO])([\u0300-\u036f]*)",
)
_WORD = re.compile(r"[^\W\d_]+")
_ALNUM = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"(?<![^\W_])[0-9OolI]+(?:[.,/][0-9OolI]+)*(?![^\W_])")
# Where a word may be broken: a space, or a line end with an optional hyphen before it.
_BREAK = re.compile(r"[ \t]|[ \t]*-?\n[ \t]*")
# The numbering or bullet that may open a line before its first word: "-", "(3)", "2.", "a)".
_OPENING = re.compile(r"(?:[-+•*]|\(\d+\)|\d+[.)]|[a-zđ]\))$")


@dataclass(frozen=True)
class Correction:
    """A passage OCR most likely misread: ``found`` at ``span`` of the text, ``suggested`` in its
    place, and ``reason``, the kind of confusion, for the reviewer."""

    span: Span
    found: str
    suggested: str
    reason: str


def _entries() -> list[list[str]]:
    entries = []
    for raw in LEXICON.replace("\n", ",").split(","):
        words = unicodedata.normalize("NFC", raw).strip().lower().split()
        if words:
            entries.append(words)
    return entries


_SYLLABLES: frozenset[str] = frozenset(word for entry in _entries() for word in entry)
_PHRASES: frozenset[tuple[str, str]] = frozenset(
    pair for entry in _entries() for pair in itertools.pairwise(entry)
)
_PHRASES_BY_FOLD: dict[str, list[tuple[str, str]]] = defaultdict(list)
for _pair in sorted(_PHRASES):
    _PHRASES_BY_FOLD[fold(" ".join(_pair))].append(_pair)
_SYLLABLES_BY_FOLD: dict[str, list[str]] = defaultdict(list)
for _syllable in sorted(_SYLLABLES):
    _SYLLABLES_BY_FOLD[fold(_syllable)].append(_syllable)


def is_known(word: str) -> bool:
    """Whether ``word`` (any case) is a syllable of the lexicon.

    >>> is_known("Trong"), is_known("frong")
    (True, False)
    """
    return word.lower() in _SYLLABLES


def _marks(ch: str) -> tuple[str, frozenset[str]]:
    """A letter's base and its marks (the stroke of đ counts as a mark)."""
    lower = ch.lower()
    if lower == "đ":
        return "d", frozenset({"stroke"})
    decomposed = unicodedata.normalize("NFD", lower)
    return decomposed[0], frozenset(decomposed[1:])


def _lost_marks_only(found: str, suggested: str) -> bool:
    """Whether ``suggested`` is ``found`` with marks OCR lost (and case) only, letter by letter."""
    if len(found) != len(suggested):
        return False
    for a, b in zip(found, suggested, strict=True):
        base_a, marks_a = _marks(a)
        base_b, marks_b = _marks(b)
        if base_a != base_b or not marks_a <= marks_b:
            return False
    return True


def _with_case_of(original: str, word: str) -> str:
    """``word`` in the case of ``original``: all capitals, a capital first letter, or small."""
    if len(original) > 1 and original.isupper():
        return word.upper()
    if original[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _starts_sentence(text: str, at: int) -> bool:
    """Whether the word at ``at`` opens a sentence, a line or a numbered item."""
    before = _OPENING.sub("", text[max(0, at - 40) : at].rstrip(" \t")).rstrip(" \t")
    return at == 0 or (before == "" and at <= 40) or before.endswith(("\n", ".", "!", "?", ":", ";"))


def _number_confusions(text: str) -> Iterator[Correction]:
    """Letters read for digits inside a number: "5l" -> "51", "2O25" -> "2025", "I12" -> "112"."""
    for match in _NUMBER.finditer(text):
        token = match.group()
        if not any(ch.isdigit() for ch in token):
            continue
        # Each part between separators on its own: in "I/2O26" the Roman "I" stays, "2O26" is read.
        for part in re.finditer(r"[0-9OolI]+", token):
            digits = part.group()
            if not _letters_for_digits(digits, after=token[part.start() - 1 : part.start()]):
                continue
            suggested = "".join(_LETTER_DIGITS.get(ch, ch) for ch in digits)
            read = ", ".join(sorted({f"{ch}→{_LETTER_DIGITS[ch]}" for ch in digits if ch in _LETTER_DIGITS}))
            start = match.start() + part.start()
            span = Span(start, start + len(digits))
            yield Correction(span, digits, suggested, f"letters read for digits in a number ({read})")


def _letters_for_digits(part: str, *, after: str) -> bool:
    """Whether ``part`` of a number holds letters OCR read for digits.

    Each run of letters touches a digit and is short ("II" of "II/2026" is a Roman numeral); a
    group after a thousands separator may be all letters ("1.OOO").
    """
    runs = list(re.finditer(r"[OolI]+", part))
    if not runs:
        return False
    if not any(ch.isdigit() for ch in part):
        return after in (".", ",") and len(part) == 3 and set(part) <= {"O", "o"}
    return all(
        len(run.group()) <= 2
        and (
            (run.start() > 0 and part[run.start() - 1].isdigit())
            or (run.end() < len(part) and part[run.end()].isdigit())
        )
        for run in runs
    )


def _digit_confusions(text: str) -> Iterator[Correction]:
    """Digits read for look-alike letters inside a word: "1ỷ" -> "Tỷ", "tr0ng" -> "trong"."""
    for match in _ALNUM.finditer(text):
        token = match.group()
        digits = [i for i, ch in enumerate(token) if ch.isdigit()]
        if not digits or len(digits) == len(token) or any(token[i] not in _DIGIT_LETTERS for i in digits):
            continue
        if all(ch.isascii() and ch.isupper() for ch in token if not ch.isdigit()):
            continue  # a code such as "TH1", "K22", "5G"
        options = [_DIGIT_LETTERS[token[i]] for i in digits]
        found = set()
        for choice in itertools.product(*options):
            chars = list(token.lower())
            for i, letter in zip(digits, choice, strict=True):
                chars[i] = letter
            if "".join(chars) in _SYLLABLES:
                found.add("".join(chars))
        if len(found) != 1:
            continue
        (word,) = found
        rest = [ch for i, ch in enumerate(token) if i not in digits]
        if len(rest) > 1 and all(ch.isupper() for ch in rest):
            word = word.upper()
        elif digits[0] == 0 and _starts_sentence(text, match.start()):
            word = word[:1].upper() + word[1:]
        else:
            word = "".join(ch if i in digits else token[i] for i, ch in enumerate(word))
        read = ", ".join(f"{token[i]}→{word[i]}" for i in digits)
        yield Correction(
            Span(match.start(), match.end()), token, word, f"digits read for letters in a word ({read})"
        )


def _word_confusions(text: str) -> Iterator[Correction]:
    """Single words OCR misread: look-alike letters ("frong"), a lost stroke or horn ("dồng")."""
    for match in _WORD.finditer(text):
        token = match.group()
        lower = token.lower()
        # A capital read inside a small-letter word ("đơn vỊ"), where the small letter makes a word.
        if token[:1].islower() and any(ch.isupper() for ch in token[1:]) and is_known(lower):
            yield Correction(
                Span(match.start(), match.end()), token, lower, "a capital letter read inside a word"
            )
            continue
        if is_known(token) or (len(token) > 1 and token.isupper() and token.isascii()):
            continue
        if not is_syllable(token):
            candidates = {
                token.replace(read, printed, 1).lower() for read, printed in _LOOK_ALIKE if read in token
            }
            known = sorted(word for word in candidates if word in _SYLLABLES)
            if len(known) == 1:
                yield Correction(
                    Span(match.start(), match.end()),
                    token,
                    _with_case_of(token, known[0]),
                    "letters that look alike",
                )
                continue
        # "ươ" with one horn lost ("nguời", "ngưòi") is no Vietnamese vowel group: put the horn back.
        horned = _HALF_HORNED.sub(_both_horns, unicodedata.normalize("NFD", token))
        if horned != unicodedata.normalize("NFD", token) and is_syllable(
            unicodedata.normalize("NFC", horned)
        ):
            word = unicodedata.normalize("NFC", horned)
            # "duợc": the stroke of đ may have gone too; the words around tell "được" from "dược".
            options = [
                known
                for known in _SYLLABLES_BY_FOLD.get(fold(word), ())
                if _lost_marks_only(word.lower(), known)
            ]
            before, after = _neighbours(text, match)
            in_phrase = [
                known for known in options if (before, known) in _PHRASES or (known, after) in _PHRASES
            ]
            if len(in_phrase) == 1:
                word = _with_case_of(token, in_phrase[0])
            elif not is_known(word) and len(options) == 1:
                word = _with_case_of(token, options[0])
            yield Correction(Span(match.start(), match.end()), token, word, _lost_reason(lower, word.lower()))


def _neighbours(text: str, match: re.Match[str]) -> tuple[str | None, str | None]:
    """The words (small letters) just before and after ``match`` on either side of a break."""
    before = re.search(r"([^\W\d_]+)[ \t]*-?\n?[ \t]*$", text[max(0, match.start() - 40) : match.start()])
    after = re.match(r"[ \t]*-?\n?[ \t]*([^\W\d_]+)", text[match.end() : match.end() + 40])
    return (before.group(1).lower() if before else None, after.group(1).lower() if after else None)


def _both_horns(match: re.Match[str]) -> str:
    """ "u" + marks + "o" + marks (decomposed) with one horn: both letters horned, marks kept."""
    u, u_marks, o, o_marks = match.groups()
    if (_HORN in u_marks) == (_HORN in o_marks):
        return match.group()
    return u + _HORN + u_marks.replace(_HORN, "") + o + _HORN + o_marks.replace(_HORN, "")


def _lost_reason(found: str, suggested: str) -> str:
    kinds = []
    for a, b in zip(found, suggested, strict=True):
        extra = _marks(b)[1] - _marks(a)[1]
        if "stroke" in extra:
            kinds.append("đ read as d")
        elif _HORN in extra:
            kinds.append(f"{b.lower()[:1]} read as {a}")
        elif extra:
            kinds.append(f"{unicodedata.normalize('NFC', b)} read as {a}")
    return "marks lost by OCR: " + ", ".join(dict.fromkeys(kinds))


def _phrase_confusions(text: str) -> Iterator[Correction]:
    """Two words that are a known phrase once OCR's lost marks, or small letters read as capitals,
    are undone: "tô chức" -> "tổ chức", "SO sánh" -> "so sánh", "dồng bào" -> "đồng bào"."""
    words = list(_WORD.finditer(text))
    for first, second in itertools.pairwise(words):
        gap = text[first.end() : second.start()]
        if not _BREAK.fullmatch(gap):
            continue
        a, b = first.group(), second.group()
        pair = (a.lower(), b.lower())
        if pair in _PHRASES:
            for match, other in ((first, b), (second, a)):
                word = match.group()
                # Capitals read for small letters: a short all-capital word inside small-letter text.
                if 1 < len(word) <= 3 and word.isupper() and other.islower():
                    yield Correction(
                        Span(match.start(), match.end()),
                        word,
                        word.lower(),
                        "capital letters read for small ones",
                    )
            continue
        candidates = [
            phrase
            for phrase in _PHRASES_BY_FOLD.get(fold(f"{a} {b}"), ())
            if _lost_marks_only(pair[0], phrase[0]) and _lost_marks_only(pair[1], phrase[1])
        ]
        if len(candidates) != 1:
            continue
        for match, word in zip((first, second), candidates[0], strict=True):
            # Only a word that is no word is changed: "tô chức" -> "tổ chức", not "tổ chức đang" -> "đảng".
            if match.group().lower() != word and not is_known(match.group()):
                suggested = _with_case_of(match.group(), word)
                reason = (
                    _lost_reason(match.group().lower(), word) + f" (the phrase “{' '.join(candidates[0])}”)"
                )
                yield Correction(Span(match.start(), match.end()), match.group(), suggested, reason)


def _broken_words(text: str) -> Iterator[Correction]:
    """A word split by a space or a line end: "thực hi ện" -> "thực hiện", "hi-⏎ện" -> "hiện"."""
    words = list(_WORD.finditer(text))
    for first, second in itertools.pairwise(words):
        gap = text[first.end() : second.start()]
        if not _BREAK.fullmatch(gap):
            continue
        a, b = first.group(), second.group()
        joined = a + b
        # The halves of one word share its case: "hi ện", "T HỦ", not "b Án".
        one_case = joined.islower() or joined.isupper() or (joined[:1].isupper() and joined[1:].islower())
        if one_case and joined.lower() in _SYLLABLES and not (is_known(a) and is_known(b)):
            reason = "a word broken by a line end" if "\n" in gap else "a word broken by a space"
            yield Correction(
                Span(first.start(), second.end()), text[first.start() : second.end()], joined, reason
            )


_RULES = (_number_confusions, _digit_confusions, _broken_words, _word_confusions, _phrase_confusions)


def find_confusions(text: str) -> list[Correction]:
    """Every passage of ``text`` that OCR most likely misread, in text order, none overlapping.

    >>> [(c.found, c.suggested) for c in find_confusions("1ỷ lệ hộ nghèo frong xã giảm còn 5l hộ")]
    [('1ỷ', 'Tỷ'), ('frong', 'trong'), ('5l', '51')]
    """
    found = sorted(
        (correction for rule in _RULES for correction in rule(text)),
        key=lambda c: (c.span.start, -c.span.end),
    )
    kept: list[Correction] = []
    for correction in found:
        if kept and correction.span.start < kept[-1].span.end:
            continue
        kept.append(correction)
    return kept


@dataclass(frozen=True)
class OffsetMap:
    """Turns offsets in a corrected text back into offsets in the original.

    ``edits`` are the replaced passages in order: ``(corrected_start, corrected_end,
    original_start, original_end)``. An offset inside a replaced passage maps to the start of the
    original passage, or to its end for the end of a span, so a span always covers what it read.
    """

    edits: tuple[tuple[int, int, int, int], ...] = ()

    def original(self, offset: int, *, end: bool = False) -> int:
        """The offset in the original text of ``offset`` in the corrected text."""
        starts = [edit[0] for edit in self.edits]
        at = bisect.bisect_right(starts, offset) - 1
        if at < 0:
            return offset
        c_start, c_end, o_start, o_end = self.edits[at]
        if offset == c_start:
            return o_start
        if offset < c_end:  # inside a replaced passage
            return o_end if end else o_start
        return o_end + offset - c_end

    def span(self, span: Span) -> Span:
        """The span of the original text that ``span`` of the corrected text was read from."""
        start = self.original(span.start)
        return Span(start, max(start, self.original(span.end, end=True)))


def corrected(text: str) -> tuple[str, OffsetMap]:
    """``text`` with every correction of :func:`find_confusions` applied, and the way back.

    >>> fixed, back = corrected("Đã thực hi ện 5l xã")
    >>> fixed
    'Đã thực hiện 51 xã'
    >>> fixed.index("51"), back.original(fixed.index("51"))
    (13, 14)
    """
    parts: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    done = 0
    length = 0
    for correction in find_confusions(text):
        start, end = correction.span.start, correction.span.end
        parts.append(text[done:start])
        length += start - done
        parts.append(correction.suggested)
        edits.append((length, length + len(correction.suggested), start, end))
        length += len(correction.suggested)
        done = end
    parts.append(text[done:])
    return "".join(parts), OffsetMap(tuple(edits))
