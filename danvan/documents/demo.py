"""Demo documents: the two the reference article cites, and others of several kinds and statuses.

Numbers, dates and issuers of 42-CTr/HU and 13-NQ/HU are the reference page's facts; the other
documents and every abstract are invented for the demo and written for it.
"""

import datetime as dt
from typing import Any

from .models import DocumentType, Field, Issuer, LegalDocument, System

TYPES = [
    ("Chương trình", "CTr", System.PARTY),
    ("Nghị quyết", "NQ", System.PARTY),
    ("Chỉ thị", "CT", System.PARTY),
    ("Kết luận", "KL", System.PARTY),
    ("Kế hoạch", "KH", System.PARTY),
    ("Hướng dẫn", "HD", System.PARTY),
    ("Quyết định", "QĐ", System.STATE),
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

# (number, code, system, issuer code, issued, effective, status, field, title, abstract, signer)
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
    },
]


def load_documents() -> int:
    """Create what is missing; returns how many documents were created."""
    from danvan.portal.models import ArticlePage

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
            )
            document.full_clean()
            document.save()
            created += 1
            if spec.get("related_article"):
                document.related_articles.add(*ArticlePage.objects.filter(slug=spec["related_article"]))
        by_key[(spec["number"], spec["type"][0])] = document
    replaced, replacement = by_key.get(("35", "CTr")), by_key.get(("42", "CTr"))
    if replaced and replacement and replacement.replaces_id is None:
        replacement.replaces = replaced
        replacement.save()
    for spec in DOCUMENTS:
        for target in spec.get("amends", []):
            by_key[(spec["number"], spec["type"][0])].amends.add(by_key[target])
    return created
