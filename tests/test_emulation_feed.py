"""A decision on a “Dân vận khéo” model feeds the ``skilful_mobilisation`` figure (issue 16, decision 0020).

The world: tests/worlds.py's programme for 2023 over the district VC with four communes — Vĩnh An
(VA) and Mã Đà (MD) and Thiện Tân (TT) locked, Phú Lý (PL) open — and the yes/no element behind the
indicator marked automatic, with every stored value of it removed: the registry is its only source.
In the indicator's scope (org type "administrative", under VC, existing in 2023): VC, VC-VA, VC-MD,
VC-PL, VC-TT — five units; every expected share below is (units with a recognised model) / 5, or over
the units whose report is approved or locked for the public.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from danvan.audit.models import AuditEntry
from danvan.collection import exchange
from danvan.emulation import services as emulation
from danvan.emulation.models import ModelStatus, SkilfulModel
from danvan.orgunits.models import OrgUnit
from danvan.programmes import selectors, services
from danvan.programmes.models import DataElement, DataValue, DataValueChange, Submission, SubmissionEvent

from .emulation_factories import SkilfulModelFactory
from .factories import LegalDocumentFactory
from .worlds import ProgrammeWorld, programme_users, programme_world

pytestmark = pytest.mark.django_db

COMMUNES = [
    ("VA", "Thị trấn Vĩnh An", "DN-TRIAN", 1, 1),
    ("MD", "Xã Mã Đà", "DN-TRIAN", 1, 0),
    ("PL", "Xã Phú Lý", "DN-PHULY", 0, 0),
    ("TT", "Xã Thiện Tân", "DN-TRANGDAI", 0, 1),
]
# Administrative units covered by a report (each commune has its own; the district VC reports for
# nobody, so it is not one of the units the share is over).
IN_SCOPE = ["VC-VA", "VC-MD", "VC-PL", "VC-TT"]
LOCKED = sorted(["VC-VA", "VC-MD", "VC-TT"])  # the public sees these three (VC has no report, PL is open)
KEY = "skilful_mobilisation"


@pytest.fixture
def world(db: Any) -> ProgrammeWorld:
    world = programme_world(COMMUNES)
    element = world.elements[KEY]
    element.automatic = True
    element.save(update_fields=["automatic"])
    DataValue.objects.filter(element=element).delete()
    return world


@pytest.fixture
def users(world: ProgrammeWorld) -> dict[str, Any]:
    users = programme_users()
    # The district's approver decides on its communes' models too (as in the demo).
    users["huyen.vinhcuu"].user_permissions.add(
        Permission.objects.get(content_type__app_label="emulation", codename="change_skilfulmodel")
    )
    return users


def _model(code: str, *, year: int = 2023, title: str = "") -> SkilfulModel:
    return SkilfulModelFactory.create(
        unit=OrgUnit.objects.get(code=code),
        year=year,
        status=ModelStatus.UNDER_REVIEW,
        **({"title": title} if title else {}),
    )


def _recognise(model: SkilfulModel, by: Any) -> SkilfulModel:
    decision: Any = LegalDocumentFactory(issued_on=dt.date(2023, 12, 8))
    return emulation.recognise_model(model, by=by, decision=decision, decided_on=dt.date(2023, 12, 8))


def _value(code: str) -> Decimal | None:
    found = DataValue.objects.filter(element__code=KEY, period__code="2023", org_unit__code=code).first()
    return None if found is None else found.value


def _history(code: str) -> list[tuple[Decimal | None, Decimal | None, str]]:
    return list(
        DataValueChange.objects.filter(element__code=KEY, org_unit__code=code)
        .order_by("id")
        .values_list("old_value", "new_value", "source")
    )


def _result(world: ProgrammeWorld, *, approved_only: bool = False) -> selectors.TargetResult:
    results = selectors.programme_results(world.programme, world.period, approved_only=approved_only)
    return next(r for r in results if r.key == KEY)


def _api(client: Client, world: ProgrammeWorld) -> dict[str, Any]:
    response = client.get(f"/api/v1/programmes/{world.programme.pk}/results/", {"period": "2023"})
    assert response.status_code == 200
    data: dict[str, Any] = next(i for i in response.json()["indicators"] if i["key"] == KEY)
    return data


def _report(code: str) -> Submission:
    return Submission.objects.get(org_unit__code=code, period__code="2023")


def test_recognising_and_revoking_move_the_indicator_exactly(
    world: ProgrammeWorld, users: dict[str, Any], client: Client
) -> None:
    decider = users["huyen.vinhcuu"]
    client.force_login(decider)  # sees the district: every figure, approved or not
    before = _result(world)
    assert (before.numerator, before.denominator) == (
        Decimal(0),
        Decimal(len(IN_SCOPE)),
    )  # nobody recognised: all "no"
    assert before.aggregate == Decimal(0)

    va = _recognise(_model("VC-VA"), decider)
    result = _result(world)
    assert (result.numerator, result.denominator) == (Decimal(1), Decimal(len(IN_SCOPE)))
    assert result.aggregate == Decimal(1) * 100 / Decimal(len(IN_SCOPE))
    assert Decimal(_api(client, world)["aggregate"]) == Decimal(1) * 100 / Decimal(len(IN_SCOPE))

    _recognise(_model("VC-MD"), decider)
    result = _result(world)
    assert result.aggregate == Decimal(2) * 100 / Decimal(len(IN_SCOPE))
    data = _api(client, world)
    assert Decimal(data["aggregate"]) == Decimal(2) * 100 / Decimal(len(IN_SCOPE))
    assert {u["unit_code"]: Decimal(u["value"]) for u in data["units"]} == {
        code: Decimal(100) if code in ("VC-VA", "VC-MD") else Decimal(0) for code in IN_SCOPE
    }
    assert data["units_reporting"] == len(IN_SCOPE)

    emulation.revoke_model(va, by=decider, reason="Mô hình không còn duy trì", on=dt.date(2024, 5, 20))
    assert _value("VC-VA") == Decimal(0)
    assert _history("VC-VA") == [(None, Decimal(1), "recognition"), (Decimal(1), Decimal(0), "revocation")]
    assert _result(world).aggregate == Decimal(1) * 100 / Decimal(len(IN_SCOPE))
    assert Decimal(_api(client, world)["aggregate"]) == Decimal(1) * 100 / Decimal(len(IN_SCOPE))


def test_a_second_model_of_the_unit_changes_nothing_and_revoking_one_of_two_keeps_yes(
    world: ProgrammeWorld, users: dict[str, Any]
) -> None:
    decider = users["huyen.vinhcuu"]
    first = _recognise(_model("VC-PL", title="Bếp ăn chung"), decider)
    second = _recognise(_model("VC-PL", title="Tủ sách ấp"), decider)
    assert DataValue.objects.filter(element__code=KEY, org_unit__code="VC-PL").count() == 1
    assert _value("VC-PL") == Decimal(1)
    assert _history("VC-PL") == [(None, Decimal(1), "recognition")]  # one row, not two
    emulation.revoke_model(first, by=decider, reason="Không còn duy trì", on=dt.date(2024, 1, 5))
    assert _value("VC-PL") == Decimal(1)  # the second is still recognised
    assert len(_history("VC-PL")) == 1
    emulation.revoke_model(second, by=decider, reason="Không còn duy trì", on=dt.date(2024, 1, 6))
    assert _value("VC-PL") == Decimal(0)
    assert _history("VC-PL")[-1] == (Decimal(1), Decimal(0), "revocation")
    # a model of another year is another figure: 2023's is untouched
    _recognise(_model("VC-PL", year=2024), decider)
    assert _value("VC-PL") == Decimal(0)
    assert DataValue.objects.filter(element__code=KEY, period__code="2024", org_unit__code="VC-PL").exists()


def test_refusal_writes_no_only_where_it_changes_something(
    world: ProgrammeWorld, users: dict[str, Any]
) -> None:
    decider = users["huyen.vinhcuu"]
    emulation.refuse_model(_model("VC-TT"), by=decider, reason="Chưa có số liệu đo được")
    assert _value("VC-TT") == Decimal(0)
    assert _history("VC-TT") == [(None, Decimal(0), "refusal")]
    # "no" was already counted for the missing value: the locked report's approval stands
    assert _report("VC-TT").status == Submission.Status.LOCKED
    emulation.refuse_model(_model("VC-TT"), by=decider, reason="Vẫn chưa có số liệu")
    assert len(_history("VC-TT")) == 1  # already "no": nothing written
    _recognise(_model("VC-MD"), decider)
    emulation.refuse_model(_model("VC-MD"), by=decider, reason="Trùng nội dung")
    assert _value("VC-MD") == Decimal(1)  # another model of Mã Đà is recognised
    assert _history("VC-MD") == [(None, Decimal(1), "recognition")]


def test_an_approved_report_goes_back_to_submitted_and_the_public_waits_for_re_approval(
    world: ProgrammeWorld, users: dict[str, Any], client: Client
) -> None:
    decider = users["huyen.vinhcuu"]
    report = _report("VC-VA")
    assert report.status == Submission.Status.LOCKED
    version = report.version
    public = _api(client, world)  # anonymous: approved or locked reports only
    assert sorted(u["unit_code"] for u in public["units"]) == LOCKED
    assert Decimal(public["aggregate"]) == Decimal(0)

    model = _recognise(_model("VC-VA", title="Tủ sách khu phố"), decider)
    report.refresh_from_db()
    assert report.status == Submission.Status.SUBMITTED
    assert report.version == version + 1  # a page opened before cannot overwrite it
    event = SubmissionEvent.objects.get(submission=report, action=SubmissionEvent.Action.DECISION)
    assert event.user == decider
    assert model.title in event.comment and "chờ duyệt lại" in event.comment
    assert AuditEntry.objects.filter(action="report.decision").exists()
    public = _api(client, world)
    assert sorted(u["unit_code"] for u in public["units"]) == ["VC-MD", "VC-TT"]  # VA waits
    assert Decimal(public["aggregate"]) == Decimal(0)

    services.approve_report(decider, report)
    public = _api(client, world)
    assert sorted(u["unit_code"] for u in public["units"]) == LOCKED
    # VA yes, MD and TT without a decision: "no" — 1 of the 3 units the public sees
    assert Decimal(public["aggregate"]) == Decimal(1) * 100 / Decimal(len(LOCKED))
    assert _result(world, approved_only=True).aggregate == Decimal(100) / Decimal(3)


def test_an_open_report_stays_open(world: ProgrammeWorld, users: dict[str, Any]) -> None:
    report = _report("VC-PL")
    version = report.version
    _recognise(_model("VC-PL"), users["huyen.vinhcuu"])
    report.refresh_from_db()
    assert (report.status, report.version) == (Submission.Status.OPEN, version)
    assert not SubmissionEvent.objects.filter(submission=report).exists()
    assert _value("VC-PL") == Decimal(1)


def test_a_unit_out_of_the_indicators_scope_writes_nothing(
    world: ProgrammeWorld, users: dict[str, Any]
) -> None:
    decider = users["huyen.vinhcuu"]
    _recognise(_model("VC-VA-DOAN"), decider)  # a youth union: not an administrative unit
    assert not DataValue.objects.filter(element__code=KEY).exists()
    assert not DataValueChange.objects.filter(element__code=KEY).exists()
    assert _report("VC-VA").status == Submission.Status.LOCKED


def test_an_element_not_marked_automatic_is_left_to_hand_entry(
    world: ProgrammeWorld, users: dict[str, Any]
) -> None:
    DataElement.objects.filter(code=KEY).update(automatic=False)
    _recognise(_model("VC-PL"), users["huyen.vinhcuu"])
    assert not DataValue.objects.filter(element__code=KEY).exists()


def test_hand_entry_of_the_automatic_element_is_refused(world: ProgrammeWorld, users: dict[str, Any]) -> None:
    clerk = users["xa.phuly"]
    report = _report("VC-PL")
    with pytest.raises(services.EntryInvalid) as refused:
        services.save_values(clerk, report.data_set, report.period, report.org_unit, {(KEY, "VC-PL"): "1"})
    assert "ghi tự động" in " ".join(refused.value.messages)
    assert not DataValue.objects.filter(element__code=KEY).exists()
    assert not DataValueChange.objects.exists()


def test_the_entry_page_shows_the_automatic_cell_read_only_and_refuses_a_crafted_post(
    world: ProgrammeWorld, users: dict[str, Any], client: Client
) -> None:
    _recognise(_model("VC-PL"), users["huyen.vinhcuu"])
    client.force_login(users["xa.phuly"])
    report = _report("VC-PL")
    url = f"/admin/nhap-so-lieu/{report.pk}/"
    page = client.get(url).content.decode()
    assert 'name="v:VC-PL:skilful_mobilisation"' not in page
    assert "Ghi tự động từ quyết định công nhận" in page
    assert 'name="v:VC-PL:democracy_good"' in page
    response = client.post(
        url,
        {"action": "save", "version": report.version, f"v:VC-PL:{KEY}": "0", "v:VC-PL:democracy_good": "1"},
    )
    assert response.status_code == 400
    assert "được ghi tự động từ quyết định công nhận" in response.content.decode()
    assert _value("VC-PL") == Decimal(1)
    assert not DataValue.objects.filter(element__code="democracy_good", org_unit__code="VC-PL").exists()


def test_import_of_the_automatic_element_is_refused_whole(
    world: ProgrammeWorld, users: dict[str, Any]
) -> None:
    data = (
        f"data_element,period,org_unit,value,comment\ndemocracy_good,2023,VC-PL,1,\n{KEY},2023,VC-PL,1,\n"
    ).encode()
    with pytest.raises(exchange.ImportRejected) as rejected:
        exchange.import_data_values(data, user=users["xa.phuly"], check_rights=True)
    assert any(p.startswith("Dòng 3:") and "ghi tự động" in p for p in rejected.value.errors)
    assert not DataValue.objects.filter(org_unit__code="VC-PL").exists()  # all or nothing


def test_an_export_of_decided_values_imports_back_unchanged(
    world: ProgrammeWorld, users: dict[str, Any]
) -> None:
    _recognise(_model("VC-PL"), users["huyen.vinhcuu"])
    stored = DataValue.objects.get(element__code=KEY, org_unit__code="VC-PL")
    data = f"data_element,period,org_unit,value,comment\n{KEY},2023,VC-PL,1,{stored.comment}\n".encode()
    summary = exchange.import_data_values(data, user=users["xa.phuly"], check_rights=True)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 1)


def test_missing_automatic_cells_do_not_block_submitting(
    world: ProgrammeWorld, users: dict[str, Any]
) -> None:
    report = _report("VC-PL")
    missing = services.missing_values(report)
    assert missing and not any("Dân vận khéo" in cell for cell in missing)
    values: dict[tuple[str, str], str] = {}
    for n, code in enumerate(["VC-PL-DOAN", "VC-PL-PN", "VC-PL-ND", "VC-PL-CCB"]):
        eligible = 1000 + 100 * n
        values |= {
            ("eligible_population", code): str(eligible),
            ("members", code): str(eligible - 100),
            ("members_attending_regularly", code): str(eligible - 200),
            ("core_members", code): str(eligible - 600),
            ("quality_rating", code): "4",
        }
    values[("quality_rating", "VC-PL-MTTQ")] = "5"
    values[("democracy_good", "VC-PL")] = "1"
    clerk = users["xa.phuly"]
    services.save_values(clerk, report.data_set, report.period, report.org_unit, values)
    assert services.missing_values(report) == []
    services.submit_report(clerk, report)
    report.refresh_from_db()
    assert report.status == Submission.Status.SUBMITTED
    assert _value("VC-PL") is None  # no decision yet: counted "no"
    result = _result(world)
    assert (result.numerator, result.denominator) == (Decimal(0), Decimal(len(IN_SCOPE)))


def test_the_write_refuses_an_unknown_source(world: ProgrammeWorld, users: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="source"):
        services.write_decided_value(
            element=world.elements[KEY],
            year=2023,
            org_unit=OrgUnit.objects.get(code="VC-PL"),
            value=True,
            by=users["huyen.vinhcuu"],
            reason="x",
            source="form",
        )
    with pytest.raises(ValidationError):
        services.write_decided_value(
            element=world.elements[KEY],
            year=20230,
            org_unit=OrgUnit.objects.get(code="VC-PL"),
            value=True,
            by=users["huyen.vinhcuu"],
            reason="x",
            source="recognition",
        )


def test_results_take_the_same_queries_however_many_decisions(
    world: ProgrammeWorld, users: dict[str, Any]
) -> None:
    programme = selectors.programme(world.programme.pk)
    assert programme is not None
    with CaptureQueriesContext(connection) as first:
        selectors.programme_results(programme, world.period)
    for code in ("VC-PL", "VC-MD", "VC-TT"):
        _recognise(_model(code), users["huyen.vinhcuu"])
    with CaptureQueriesContext(connection) as second:
        selectors.programme_results(programme, world.period)
    assert len(first.captured_queries) == len(second.captured_queries)
