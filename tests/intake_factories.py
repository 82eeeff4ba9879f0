"""What the intake tests share (issue 15): a few units, form data, files that tell the truth or lie."""

import datetime as dt
import io
import time
from dataclasses import dataclass
from typing import Any

from PIL import Image

from danvan.core.dates import today_in_vietnam
from danvan.feedback.intake import fill_token
from danvan.orgunits.models import OrgUnit

from .factories import OrgUnitFactory

NAME = "Trần Thị Bích Ngọc"
EMAIL = "bichngoc.tran@example.vn"
PHONE = "+84 912 345 678"
ADDRESS = "Số 12 đường Hùng Vương, ấp 3, xã Vĩnh An"


@dataclass
class Units:
    district: OrgUnit
    vinh_an: OrgUnit
    phu_ly: OrgUnit
    merged: OrgUnit  # merged into Vĩnh An last year: no longer in force
    future: OrgUnit  # in force only from next year


def intake_units() -> Units:
    today = today_in_vietnam()
    district = OrgUnitFactory.create(code="VC", name="Huyện Vĩnh Cửu")
    return Units(
        district=district,
        vinh_an=OrgUnitFactory.create(code="VC-VA", name="Xã Vĩnh An", parent=district),
        phu_ly=OrgUnitFactory.create(code="VC-PL", name="Xã Phú Lý", parent=district),
        merged=OrgUnitFactory.create(
            code="VC-TA", name="Xã Tân An", parent=district, valid_to=today - dt.timedelta(days=400)
        ),
        future=OrgUnitFactory.create(
            code="VC-MOI", name="Phường Mới", parent=district, valid_from=today + dt.timedelta(days=400)
        ),
    )


def started(seconds_ago: float = 60) -> str:
    return fill_token(time.time() - seconds_ago)


def page_data(**changes: Any) -> dict[str, Any]:
    """A complete, valid submission of the public form (a feedback to Vĩnh An)."""
    data: dict[str, Any] = {
        "unit": "VC-VA",
        "kind": "phan_anh",
        "title": "Đèn đường ấp 3 bị hỏng",
        "content": "Đèn đường trước số 12 ấp 3 đã tắt hai tuần, buổi tối rất tối và nguy hiểm.",
        "name": NAME,
        "email": EMAIL,
        "phone": PHONE,
        "address": ADDRESS,
        "website": "",
        "started": started(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def api_data(**changes: Any) -> dict[str, Any]:
    data = {key: value for key, value in page_data(**changes).items() if key not in ("website", "started")}
    return data


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "PNG")
    return buffer.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
