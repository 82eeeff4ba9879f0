"""Generated Vietnamese articles for the search benchmark: word salad with a realistic shape.

Syllable frequencies follow Zipf's law over about 6,000 syllables, as Vietnamese text does: the
function words ("của", "và") are in every article, the domain's words ("dân", "vận", "hội") in many,
the long tail in few. The domain's words are real; the tail is made of onset + rhyme + tone. The
place names and phrases the search tests use are sprinkled in at fixed rates. Deterministic for a
given seed. Not meant to be read.
"""

import datetime as dt
import itertools
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

# Common syllables, from very frequent to rare (order sets the Zipf rank). Includes words that fold
# to the same key ("bán", "bàn", "ban"; "dân", "dần"; "vận", "văn", "vân") so folding is exercised.
SYLLABLES = """
và của các là có trong được cho với những người này đã không để một công tác dân vận năm
thực hiện cơ sở chính quyền mặt trận tổ quốc đoàn thể nhân xã hội phong trào nhiệm vụ
chương trình kế hoạch kết quả đạt tỷ lệ trên đơn vị hội viên đoàn viên tham gia sinh hoạt
thường xuyên nòng cốt xây dựng vững mạnh đánh giá xếp loại tốt khéo mô hình điển hình tiên
tiến gương huyện tỉnh ấp khu phố thị trấn cán bộ đảng viên lãnh đạo chỉ đạo triển khai
tuyên truyền vận động nông thôn mới đô thị văn minh an ninh trật tự quốc phòng kinh tế
văn hóa giáo dục y tế môi trường sạch đẹp đường giao thông cầu cống điện nước sạch nhà
tình nghĩa hộ nghèo cận nghèo an sinh giúp đỡ hỗ trợ vốn vay sản xuất chăn nuôi trồng trọt
cây ăn trái lúa bưởi xoài sầu riêng tôn giáo dân tộc đồng bào chức sắc chức việc tín đồ
giáo xứ chùa thánh thất nhà thờ quy chế dân chủ công khai minh bạch lấy ý kiến góp ý giám
sát phản biện tiếp công dân đối thoại khiếu nại tố cáo kiến nghị phản ánh giải quyết kịp
thời đúng hạn cải cách hành chính thủ tục một cửa liên thông trực tuyến chuyển đổi số
thanh niên phụ nữ nông dân cựu chiến binh công đoàn người cao tuổi khuyến học thiếu nhi
doanh nghiệp công nhân lao động việc làm thu nhập bình quân đầu tăng giảm so với cùng kỳ
bán ban bàn bạn bản bạc dần dẫn văn vân vấn vần vẫn vườn làng quê bà con hàng xóm
sáng kiến cách làm hay hiệu quả thiết thực bền vững lâu dài trước mắt chủ động sáng tạo
linh hoạt phù hợp điều kiện tình hình đặc điểm địa phương vùng sâu vùng xa biên giới
khen thưởng biểu dương tuyên dương bằng khen giấy khen danh hiệu thi đua yêu nước
sơ kết tổng kết hội nghị hội thảo tọa đàm chuyên đề tập huấn bồi dưỡng nghiệp vụ kỹ năng
""".split()
PHRASES = (  # (phrase, share of bodies, share of titles)
    ("dân vận", 0.35, 0.06),
    ("Đồng Nai", 0.25, 0.03),
    ("Vĩnh Cửu", 0.12, 0.02),
    ("huyện", 0.30, 0.04),
    ("quy chế dân chủ", 0.06, 0.01),
    ("dân tộc tôn giáo", 0.08, 0.01),
    ("Dân vận khéo", 0.05, 0.01),
)
FUNCTION_WORDS = 40  # the first syllables of SYLLABLES keep the top ranks
DOMAIN_SPACING = 4  # the other domain syllables every 4th rank after them, the tail in between
VOCABULARY = 6000
ONSETS = [*"b c ch d đ g gi h k kh l m n ng nh p ph qu r s t th tr v x".split(), ""]
RHYMES = (
    "a ai am an ang anh ao au ay ac ach at ap e em en eng eo et ep ê êm ên ênh êu êt i ia im in inh "
    "iu it ich iêm iên iêng iêu iêt o oa oai oan oang oanh oat oc oi om on ong ot op ô ôi ôm ôn ông "
    "ôt ôc ơ ơi ơm ơn ơt u ua uân uât ui um un ung uôi uôn uông uôt uc ưa ưi ưng ươi ươm ươn ương "
    "ươu ươt ươc ưt ưc y yêu yên"
).split()
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # ngang huyền sắc hỏi ngã nặng
VOWELS = "aăâeêioôơuưy"
TITLE_WORDS = (8, 15)
LEAD_WORDS = (25, 45)
BODY_CHARS = 1600


@dataclass(frozen=True)
class GeneratedArticle:
    title: str
    lead: str
    body: str
    date: dt.datetime


def _with_tone(rhyme: str, tone: str) -> str:
    """The tone mark on the rhyme's last vowel of a diphthong's first part (close enough here)."""
    vowels = [i for i, c in enumerate(rhyme) if c in VOWELS]
    if not vowels or not tone:
        return rhyme
    at = vowels[0] if len(vowels) == 1 or rhyme[vowels[-1] + 1 :] == "" else vowels[-1]
    return unicodedata.normalize("NFC", rhyme[: at + 1] + tone + rhyme[at + 1 :])


def vocabulary(size: int = VOCABULARY, *, seed: int = 7) -> list[str]:
    """Syllables in rank order: function words, then domain words spread among generated ones."""
    rng = random.Random(seed)
    known = list(dict.fromkeys(SYLLABLES))
    seen = set(known)
    tail: list[str] = []
    while len(tail) < size - len(known):
        syllable = rng.choice(ONSETS) + _with_tone(rng.choice(RHYMES), rng.choice(TONES))
        if syllable not in seen:
            seen.add(syllable)
            tail.append(syllable)
    ranked = known[:FUNCTION_WORDS]
    domain = iter(known[FUNCTION_WORDS:])
    generated = iter(tail)
    while len(ranked) < size:
        source = domain if (len(ranked) - FUNCTION_WORDS) % DOMAIN_SPACING == 0 else generated
        ranked.append(next(source, None) or next(generated, None) or next(domain))
    return ranked


def _zipf_weights(n: int) -> list[float]:
    return [1.0 / (rank + 1) for rank in range(n)]


def generate(count: int, *, seed: int = 42) -> Iterator[GeneratedArticle]:
    rng = random.Random(seed)
    words_by_rank = vocabulary()
    cumulative = list(itertools.accumulate(_zipf_weights(len(words_by_rank))))
    start = dt.datetime(2015, 1, 1, tzinfo=dt.UTC)

    def words(n: int) -> list[str]:
        return rng.choices(words_by_rank, cum_weights=cumulative, k=n)

    def sentence_text(target_chars: int, share_index: int) -> str:
        parts: list[str] = []
        length = 0
        for phrase, body_share, title_share in PHRASES:
            share = body_share if share_index == 2 else title_share
            if rng.random() < share:
                parts.append(phrase)
        while length < target_chars:
            sentence = words(rng.randint(8, 18))
            sentence[0] = sentence[0].capitalize()
            text = " ".join(sentence) + rng.choice([".", ".", ",", ";"])
            parts.insert(rng.randint(0, len(parts)), text)
            length += len(text) + 1
        return " ".join(parts)

    for i in range(count):
        title_words = words(rng.randint(*TITLE_WORDS))
        for phrase, _body, title_share in PHRASES:
            if rng.random() < title_share:
                title_words.insert(rng.randint(0, len(title_words)), phrase)
        title = " ".join(title_words)
        yield GeneratedArticle(
            title=title[:1].upper() + title[1:],
            lead=sentence_text(rng.randint(*LEAD_WORDS) * 5, 1),
            body=sentence_text(BODY_CHARS, 2),
            date=start + dt.timedelta(minutes=97 * i + rng.randint(0, 90)),
        )
