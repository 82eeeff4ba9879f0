"""Demo documents: the two the reference article cites, and others of several kinds and statuses.

Numbers, dates and issuers of 42-CTr/HU and 13-NQ/HU are the reference page's facts; the other
documents and every abstract and body paragraph are invented for the demo and written for it.
Each document gets a generated PDF (abstract and body paragraph), attached as a staff upload is.
"""

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile

from danvan.core.dates import VIETNAM

from .models import DocumentFile, DocumentType, Field, Issuer, LegalDocument, System

logger = logging.getLogger(__name__)
_pdf_by_html: dict[str, bytes] = {}  # the tests load the demo dozens of times a run: write each PDF once

TYPES = [
    ("Chương trình", "CTr", System.PARTY),
    ("Nghị quyết", "NQ", System.PARTY),
    ("Chỉ thị", "CT", System.PARTY),
    ("Kết luận", "KL", System.PARTY),
    ("Kế hoạch", "KH", System.PARTY),
    ("Hướng dẫn", "HD", System.PARTY),
    ("Quyết định", "QĐ", System.STATE),
    ("Quyết định", "QĐ", System.PARTY),
    ("Công văn", "CV", System.STATE),
    ("Thông báo", "TB", System.STATE),
    ("Kế hoạch", "KH", System.STATE),
]
ISSUERS = [
    ("Huyện ủy Vĩnh Cửu", "HU"),
    ("Tỉnh ủy Đồng Nai", "TU"),
    ("Ủy ban nhân dân huyện Vĩnh Cửu", "UBND"),
]
FIELDS = ["Dân vận", "Dân chủ ở cơ sở", "Dân tộc, tôn giáo", "Cải cách hành chính"]

# (number, code, system, issuer code, issued, effective, status, field, title, abstract, signer;
# body: the paragraph of the generated PDF after the abstract)
DOCUMENTS: list[dict[str, Any]] = [
    {
        "number": "13",
        "type": ("NQ", System.PARTY),
        "issuer": "HU",
        "issued_on": "2022-12-21",
        "status": "expired",
        "field": "Dân vận",
        "title": "Nghị quyết về chỉ tiêu, nhiệm vụ và giải pháp năm 2023 của Đảng bộ huyện",
        "abstract": "Đặt ra các chỉ tiêu kinh tế - xã hội, quốc phòng - an ninh và xây dựng hệ thống chính trị "
        "của huyện cho năm 2023; là căn cứ cho các chương trình công tác chuyên đề trong năm.",
        "body": "Ban Chấp hành Đảng bộ huyện giao các chi, đảng bộ cơ sở cụ thể hóa nghị quyết thành kế hoạch của "
        "đơn vị trước cuối tháng 01/2023, gắn mỗi chỉ tiêu với người chịu trách nhiệm và thời hạn hoàn "
        "thành; Ủy ban Kiểm tra Huyện ủy theo dõi việc thực hiện và báo cáo sơ kết sáu tháng.",
    },
    {
        "number": "42",
        "type": ("CTr", System.PARTY),
        "issuer": "HU",
        "issued_on": "2023-03-03",
        "status": "expired",
        "field": "Dân vận",
        "title": "Chương trình công tác dân vận năm 2023",
        "abstract": "Nêu phương châm, các nhóm nhiệm vụ và chỉ tiêu công tác dân vận của hệ thống chính trị huyện "
        "năm 2023: tỷ lệ tập hợp hội viên, đoàn viên; sinh hoạt thường xuyên; cơ sở vững mạnh; "
        "mô hình “Dân vận khéo”; thực hiện dân chủ ở cơ sở.",
        "related_article": "chuong-trinh-dan-van-2023",
        "body": "Mỗi chi bộ ấp, khu phố chọn ít nhất một việc thiết thực để cùng nhân dân làm trong năm, chẳng "
        "hạn nạo vét kênh mương nội đồng, lắp đèn chiếu sáng đường quê hoặc sửa cầu nhỏ; Ban Dân vận "
        "Huyện ủy tập hợp các việc đã đăng ký, theo dõi tiến độ và báo cáo Ban Thường vụ ba tháng một lần.",
    },
    {
        "number": "35",
        "type": ("CTr", System.PARTY),
        "issuer": "HU",
        "issued_on": "2022-02-18",
        "status": "replaced",
        "field": "Dân vận",
        "title": "Chương trình công tác dân vận năm 2022 (văn bản mẫu)",
        "abstract": "Văn bản mẫu cho bản demo: chương trình của năm trước, đã được chương trình năm 2023 thay thế.",
        "body": "Văn bản mẫu này được giữ lại để minh họa cách thư viện hiển thị một văn bản đã bị thay thế: các "
        "nhiệm vụ dân vận của năm 2022 nay do chương trình năm 2023 kế tục.",
    },
    {
        "number": "08",
        "type": ("KH", System.PARTY),
        "issuer": "HU",
        "issued_on": "2023-04-10",
        "status": "in_force",
        "field": "Dân chủ ở cơ sở",
        "title": "Kế hoạch thực hiện dân chủ ở cơ sở năm 2023 (văn bản mẫu)",
        "abstract": "Văn bản mẫu: phân công tuyên truyền Luật Thực hiện dân chủ ở cơ sở và lịch đối thoại ở các xã.",
        "body": "Các xã tổ chức hội nghị đối thoại giữa Bí thư Đảng ủy, Chủ tịch UBND xã với nhân dân ít nhất "
        "một lần trong năm; biên bản đối thoại và kết quả xử lý từng kiến nghị được niêm yết tại nhà văn "
        "hóa ấp.",
    },
    {
        "number": "21",
        "type": ("HD", System.PARTY),
        "issuer": "HU",
        "issued_on": "2023-05-15",
        "status": "in_force",
        "field": "Dân vận",
        "title": "Hướng dẫn xét chọn mô hình “Dân vận khéo” (văn bản mẫu)",
        "abstract": "Văn bản mẫu: tiêu chí, hồ sơ và cách chấm điểm các mô hình đăng ký thi đua “Dân vận khéo”.",
        "body": "Mô hình dự xét phải được thực hiện ít nhất sáu tháng, có số liệu trước và sau khi áp dụng và "
        "được người dân nơi áp dụng xác nhận; hội đồng xét chọn chấm theo thang điểm 100.",
    },
    {
        "number": "05",
        "type": ("CT", System.PARTY),
        "issuer": "TU",
        "issued_on": "2021-08-02",
        "status": "in_force",
        "field": "Dân tộc, tôn giáo",
        "title": "Chỉ thị về công tác vận động đồng bào dân tộc thiểu số (văn bản mẫu)",
        "abstract": "Văn bản mẫu: yêu cầu các cấp ủy nắm tình hình đời sống và tâm tư của đồng bào.",
        "body": "Cấp ủy các huyện có đồng bào dân tộc thiểu số sinh sống cử cán bộ bám ấp, nắm những khó khăn về "
        "đất sản xuất, việc làm và việc học của con em đồng bào để kịp thời đề xuất cách hỗ trợ.",
    },
    {
        "number": "17",
        "type": ("KL", System.PARTY),
        "issuer": "HU",
        "issued_on": "2024-01-12",
        "status": "in_force",
        "field": "Dân vận",
        "title": "Kết luận về kết quả công tác dân vận năm 2023 (văn bản mẫu)",
        "abstract": "Văn bản mẫu: đánh giá các chỉ tiêu của năm 2023 và những việc cần làm tiếp.",
        "body": "Ban Thường vụ ghi nhận phần lớn chỉ tiêu năm 2023 đạt và vượt, đồng thời chỉ ra những nơi còn "
        "chậm nhân rộng mô hình; các cơ sở khắc phục xong trong quý I năm 2024.",
    },
    {
        "number": "1250",
        "type": ("QĐ", System.STATE),
        "issuer": "UBND",
        "issued_on": "2023-06-20",
        "status": "amended",
        "field": "Cải cách hành chính",
        "title": "Quyết định ban hành quy chế tiếp công dân của huyện (văn bản mẫu)",
        "abstract": "Văn bản mẫu: lịch, địa điểm và trách nhiệm tiếp công dân của lãnh đạo huyện.",
        "body": "Ban hành kèm theo quyết định này quy chế tiếp công dân; Chánh Văn phòng HĐND và UBND huyện, thủ "
        "trưởng các phòng, ban và Chủ tịch UBND các xã chịu trách nhiệm thi hành.",
    },
    {
        "number": "1490",
        "type": ("QĐ", System.STATE),
        "issuer": "UBND",
        "issued_on": "2023-09-05",
        "status": "in_force",
        "field": "Cải cách hành chính",
        "title": "Quyết định sửa đổi quy chế tiếp công dân (văn bản mẫu)",
        "abstract": "Văn bản mẫu: thêm buổi tiếp công dân trực tuyến mỗi tháng.",
        "amends": [("1250", "QĐ")],
        "body": "Buổi tiếp công dân trực tuyến diễn ra vào thứ Năm của tuần cuối mỗi tháng; cách đăng ký được "
        "đăng trên trang thông tin điện tử của huyện trước ba ngày.",
    },
    {
        "number": "86",
        "type": ("QĐ", System.PARTY),
        "issuer": "HU",
        "issued_on": "2023-12-08",
        "status": "in_force",
        "field": "Dân vận",
        "title": "Quyết định công nhận mô hình “Dân vận khéo” năm 2023 (văn bản mẫu)",
        "abstract": "Văn bản mẫu: công nhận các mô hình “Dân vận khéo” cấp huyện năm 2023 theo kết quả chấm điểm "
        "của hội đồng xét chọn; danh sách mô hình kèm theo.",
        "body": "Các chi, đảng bộ có mô hình được công nhận tiếp tục duy trì, báo cáo kết quả hằng năm; mô hình "
        "không còn hoạt động như hồ sơ đăng ký có thể bị thu hồi công nhận.",
    },
    {
        "number": "318",
        "type": ("QĐ", System.PARTY),
        "issuer": "TU",
        "issued_on": "2025-11-25",
        "status": "in_force",
        "field": "Dân vận",
        "title": "Quyết định công nhận mô hình “Dân vận khéo” năm 2025 (văn bản mẫu)",
        "abstract": "Văn bản mẫu: công nhận mô hình “Dân vận khéo” của các xã, phường sau sắp xếp đơn vị hành "
        "chính, theo đề nghị của hội đồng xét chọn cấp tỉnh.",
        "body": "Ban Dân vận Tỉnh ủy giới thiệu các mô hình được công nhận trên cổng thông tin để các địa phương "
        "khác học tập, nhân rộng.",
    },
    {
        "number": "356",
        "type": ("CV", System.STATE),
        "issuer": "UBND",
        "issued_on": "2023-07-11",
        "status": "in_force",
        "field": "Dân chủ ở cơ sở",
        "title": "Công văn về công khai dự toán ngân sách ở xã (văn bản mẫu)",
        "abstract": "Văn bản mẫu: nhắc các xã niêm yết dự toán và kết quả thu chi tại trụ sở và nhà văn hóa ấp.",
        "body": "Đề nghị Chủ tịch UBND các xã rà soát việc niêm yết công khai và gửi báo cáo về Phòng Tài chính - "
        "Kế hoạch trước ngày 31/7/2023 để tổng hợp.",
    },
    {
        "number": "88",
        "type": ("TB", System.STATE),
        "issuer": "UBND",
        "issued_on": "2024-03-01",
        "status": "in_force",
        "field": "Cải cách hành chính",
        "title": "Thông báo lịch tiếp công dân quý II (văn bản mẫu)",
        "abstract": "Văn bản mẫu: ngày giờ tiếp công dân của Chủ tịch và các Phó Chủ tịch huyện.",
        "body": "Công dân có nhu cầu phản ánh, kiến nghị đến Trụ sở tiếp công dân huyện theo lịch; khi lãnh đạo "
        "bận công tác đột xuất, Văn phòng thông báo lịch thay thế.",
    },
    {
        "number": "140",
        "type": ("KH", System.STATE),
        "issuer": "UBND",
        "issued_on": "2022-04-22",
        "status": "expired",
        "field": "Dân vận",
        "title": "Kế hoạch dân vận chính quyền năm 2022 (văn bản mẫu)",
        "abstract": "Văn bản mẫu: những việc chính quyền làm để gần dân, hiểu dân, giúp dân trong năm 2022.",
        "body": "Các phòng, ban chuyên môn rút ngắn thời gian giải quyết hồ sơ, công khai đường dây nóng và hỏi ý "
        "kiến người dân về mức độ hài lòng sau mỗi lần giao dịch.",
    },
]


def load_documents(*, articles_by_slug: Callable[[str], list[Any]] | None = None) -> int:
    """Create what is missing; returns how many documents were created. ``articles_by_slug`` finds
    the portal's articles a document links to (danvan.demo passes the portal's selector)."""
    types = {
        (code, system): DocumentType.objects.get_or_create(code=code, system=system, defaults={"name": name})[
            0
        ]
        for name, code, system in TYPES
    }
    issuers = {
        code: Issuer.objects.get_or_create(code=code, defaults={"name": name})[0] for name, code in ISSUERS
    }
    fields = {name: Field.objects.get_or_create(name=name)[0] for name in FIELDS}
    created = 0
    by_key: dict[tuple[str, str], LegalDocument] = {}
    for spec in DOCUMENTS:
        doc_type = types[spec["type"]]
        issued = dt.date.fromisoformat(spec["issued_on"])
        document = LegalDocument.objects.filter(
            number=spec["number"], type=doc_type, issuer=issuers[spec["issuer"]], issued_on=issued
        ).first()
        if document is None:
            document = LegalDocument(
                number=spec["number"],
                type=doc_type,
                issuer=issuers[spec["issuer"]],
                issued_on=issued,
                effective_on=issued,
                status=spec["status"],
                field=fields[spec["field"]],
                title=spec["title"],
                abstract=spec["abstract"],
                # Posted on the portal the morning of its issue day, not on the day of the install.
                published_at=dt.datetime.combine(issued, dt.time(8, 0), tzinfo=VIETNAM),
            )
            document.full_clean()
            document.save()
            created += 1
            if spec.get("related_article") and articles_by_slug is not None:
                document.related_articles.add(*articles_by_slug(spec["related_article"]))
        by_key[(spec["number"], spec["type"][0])] = document
    replaced, replacement = by_key.get(("35", "CTr")), by_key.get(("42", "CTr"))
    if replaced and replacement and replacement.replaces_id is None:
        replacement.replaces = replaced
        replacement.save()
    for spec in DOCUMENTS:
        for target in spec.get("amends", []):
            by_key[(spec["number"], spec["type"][0])].amends.add(by_key[target])
    attach_generated_files([(by_key[(spec["number"], spec["type"][0])], spec["body"]) for spec in DOCUMENTS])
    return created


def attach_generated_files(documents: list[tuple[LegalDocument, str]]) -> int:
    """Give each document that has no file a generated PDF of it with ``body`` as its text after the
    abstract; returns how many were attached. Without WeasyPrint's libraries, none (and a warning)."""
    try:
        from danvan.core.pdf import html_to_pdf

        from .pdf import document_html
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint is there but Pango or HarfBuzz is not
        logger.warning(
            "Không tạo được tệp PDF cho văn bản mẫu (thiếu WeasyPrint hoặc thư viện Pango): %s", exc
        )
        return 0
    attached = 0
    for document, body in documents:
        if document.files.exists():
            continue
        html = document_html(document, paragraphs=[body])
        if html not in _pdf_by_html:
            _pdf_by_html[html] = html_to_pdf(html)
        name = f"{document.type.name} {document.symbol.replace('/', '-')}.pdf"  # "/" would be a folder
        upload = DocumentFile(document=document, file=ContentFile(_pdf_by_html[html], name=name))
        # As the admin form does: the model's clean() checks the content and extracts its text
        # into the fields it fills itself, which are left out of the field checks.
        upload.full_clean(exclude=[f.name for f in DocumentFile._meta.fields if not f.editable])
        upload.save()
        attached += 1
    return attached
