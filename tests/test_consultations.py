"""Drafts for public comment: the dates rule, the comment form, moderation, caching, the portal's list
and the demo's drafts."""

import datetime as dt
from typing import Any
from urllib.parse import quote

import factory
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from danvan.consultations import selectors, services
from danvan.consultations.demo import CLOSED_TITLE, OPEN_TITLE, load_consultations
from danvan.consultations.models import Comment, Draft, State, draft_slug, state_on
from danvan.core.dates import today_in_vietnam

from .test_document_files import pdf_with_text
from .worlds import CLOSED_DRAFT, OPEN_DRAFT, portal_world

UTC = dt.UTC
TODAY = today_in_vietnam()
DAY = dt.timedelta(days=1)


class DraftFactory(factory.django.DjangoModelFactory[Draft]):
    class Meta:
        model = Draft

    title = factory.Sequence(lambda n: f"Dự thảo Quy chế số {n}")
    summary = "Tóm tắt dự thảo."
    body = "Điều 1. Phạm vi.\n\nĐiều 2. Đối tượng."
    opens_on = factory.LazyFunction(lambda: today_in_vietnam() - 5 * DAY)
    closes_on = factory.LazyFunction(lambda: today_in_vietnam() + 5 * DAY)
    published = True


class CommentFactory(factory.django.DjangoModelFactory[Comment]):
    class Meta:
        model = Comment

    draft = factory.SubFactory(DraftFactory)
    author_name = factory.Sequence(lambda n: f"Người góp ý {n}")
    body = "Đề nghị bổ sung Điều 3."
    status = Comment.Status.PUBLISHED


def form_data(**changes: str) -> dict[str, str]:
    data = {
        "author_name": "Nguyễn Văn An",
        "email": "an@example.vn",
        "organisation": "Ấp 2, xã Thạnh Phú",
        "body": "Đề nghị nêu rõ thời gian niêm yết.",
        "website": "",
    }
    return {**data, **changes}


def comment_url(draft: Draft) -> str:
    return f"/du-thao/{draft.pk}/gop-y/"


def moderator() -> Any:
    user = get_user_model().objects.create_user("kiemduyet", password="x" * 16, is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="change_comment", content_type__app_label="consultations"),
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
    )
    return get_user_model().objects.get(pk=user.pk)  # fresh: the permission cache is per instance


# The rule --------------------------------------------------------------------------------------


def test_a_draft_is_open_from_the_opening_day_through_the_whole_closing_day() -> None:
    opens, closes = dt.date(2026, 3, 10), dt.date(2026, 3, 20)
    assert state_on(opens, closes, dt.date(2026, 3, 9)) == State.UPCOMING
    assert state_on(opens, closes, dt.date(2026, 3, 10)) == State.OPEN
    assert state_on(opens, closes, dt.date(2026, 3, 20)) == State.OPEN
    assert state_on(opens, closes, dt.date(2026, 3, 21)) == State.CLOSED
    assert state_on(opens, opens, opens) == State.OPEN  # a one-day consultation


@pytest.mark.django_db
def test_the_closing_day_ends_at_midnight_in_vietnam_not_utc() -> None:
    draft = DraftFactory.create(opens_on=dt.date(2026, 3, 10), closes_on=dt.date(2026, 3, 20))
    # 16:59 UTC on the 20th is 23:59 in Hà Nội: still the closing day.
    services.submit_comment(draft, form_data(), now=dt.datetime(2026, 3, 20, 16, 59, tzinfo=UTC))
    # 17:00 UTC on the 20th is 00:00 on the 21st in Hà Nội: closed.
    with pytest.raises(ValidationError, match="Đã hết thời gian lấy ý kiến"):
        services.submit_comment(draft, form_data(), now=dt.datetime(2026, 3, 20, 17, 0, tzinfo=UTC))
    # 16:59 UTC on the 9th is 23:59 on the 9th in Hà Nội: not yet open.
    with pytest.raises(ValidationError, match="chưa đến thời gian lấy ý kiến"):
        services.submit_comment(draft, form_data(), now=dt.datetime(2026, 3, 9, 16, 59, tzinfo=UTC))
    assert Comment.objects.count() == 1


@pytest.mark.django_db
def test_closing_before_opening_is_refused_in_vietnamese() -> None:
    draft = DraftFactory.build(opens_on=dt.date(2026, 3, 10), closes_on=dt.date(2026, 3, 9))
    with pytest.raises(ValidationError) as error:
        draft.full_clean()
    assert error.value.message_dict["closes_on"] == ["Ngày kết thúc lấy ý kiến không thể trước ngày bắt đầu."]


def test_slugs_fold_vietnamese_and_stay_short() -> None:
    assert draft_slug("Dự thảo Quy chế dân chủ ở cơ sở tại xã Đồng Tâm") == (
        "du-thao-quy-che-dan-chu-o-co-so-tai-xa-dong-tam"
    )
    long = draft_slug("Dự thảo " + "quy định về việc tiếp nhận ý kiến " * 10)
    assert len(long) <= 80 and not long.endswith("-") and long.startswith("du-thao-quy-dinh")


# Submitting and moderating -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_comment_waits_for_moderation_before_it_is_shown_and_counted(client: Client, site: Any) -> None:
    draft = DraftFactory.create()
    response = client.post(comment_url(draft), form_data(body="Ý kiến riêng về Điều 2."))
    assert response.status_code == 303
    assert response["Location"] == f"{draft.get_absolute_url()}?da-gui=1"
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING and comment.email == "an@example.vn"

    thanks = client.get(response["Location"]).content.decode()
    assert "Cảm ơn bạn đã gửi ý kiến." in thanks and "sẽ được đăng sau khi kiểm duyệt" in thanks
    assert "Ý kiến riêng về Điều 2." not in thanks and "0 ý kiến đã đăng" in thanks
    assert selectors.published_comment_count(draft) == 0

    services.publish_comment(comment=comment, moderator=moderator())
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "Ý kiến riêng về Điều 2." in html and "1 ý kiến đã đăng" in html
    assert "Nguyễn Văn An" in html and "Ấp 2, xã Thạnh Phú" in html
    assert "an@example.vn" not in html, "the e-mail address is never shown"
    assert "Cảm ơn" not in html  # only on the URL with the flag
    assert selectors.published_comment_count(draft) == 1


@pytest.mark.django_db
def test_moderation_records_who_and_when_and_needs_the_permission() -> None:
    comment = CommentFactory.create(status=Comment.Status.PENDING)
    staff = moderator()
    when = dt.datetime(2026, 3, 15, 2, 0, tzinfo=UTC)
    services.reject_comment(comment=comment, moderator=staff, now=when)
    comment.refresh_from_db()
    assert (comment.status, comment.moderated_by, comment.moderated_at) == (
        Comment.Status.REJECTED,
        staff,
        when,
    )
    nobody = get_user_model().objects.create_user("khach", password="x" * 16)
    with pytest.raises(PermissionDenied):
        services.publish_comment(comment=comment, moderator=nobody)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [
        (TODAY - 30 * DAY, TODAY - DAY, "Đã hết thời gian lấy ý kiến"),
        (TODAY + DAY, TODAY + 30 * DAY, "chưa đến thời gian lấy ý kiến"),
    ],
)
def test_outside_the_period_the_form_is_refused_and_nothing_stored(
    client: Client, site: Any, opens: dt.date, closes: dt.date, message: str
) -> None:
    draft = DraftFactory.create(opens_on=opens, closes_on=closes)
    for response in (client.get(comment_url(draft)), client.post(comment_url(draft), form_data())):
        assert response.status_code == 403
        assert message in response.content.decode()
    with pytest.raises(ValidationError, match=message):
        services.submit_comment(draft, form_data())
    assert not Comment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"author_name": ""}, "Hãy nhập họ và tên."),
        ({"author_name": "   "}, "Hãy nhập họ và tên."),
        ({"body": ""}, "Hãy nhập nội dung ý kiến."),
        ({"email": "an@"}, "Địa chỉ thư điện tử chưa đúng"),
        ({"body": "ý" * 10_000}, "dài tối đa 5000 ký tự (bạn đã nhập 10000)"),
        ({"website": "http://spam.example"}, "Không gửi được ý kiến."),
    ],
)
def test_bad_input_is_shown_again_with_a_400_and_nothing_stored(
    client: Client, site: Any, changes: dict[str, str], message: str
) -> None:
    draft = DraftFactory.create()
    response = client.post(comment_url(draft), form_data(**changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Chưa gửi được ý kiến" in html and 'role="alert"' in html
    assert ("Đề nghị nêu rõ thời gian niêm yết." in html) == ("body" not in changes)
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_field_errors_are_tied_to_their_fields(client: Client, site: Any) -> None:
    draft = DraftFactory.create()
    html = client.post(comment_url(draft), form_data(author_name="", email="sai")).content.decode()
    assert 'id="id_author_name_error"' in html
    assert 'aria-describedby="id_author_name_error"' in html and 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'href="#id_author_name"' in html  # the summary links to the field


@pytest.mark.django_db
def test_the_form_is_labelled_and_the_honeypot_hidden_from_everyone(client: Client, site: Any) -> None:
    draft = DraftFactory.create()
    response = client.get(comment_url(draft))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("author_name", "email", "organisation", "body"):
        assert f'<label for="id_{name}">' in html
    assert html.count("(bắt buộc)") == 2 + 1  # two required fields, and the sentence explaining the mark
    assert 'autocomplete="name"' in html and 'autocomplete="email"' in html
    assert 'maxlength="5000"' in html and "csrfmiddlewaretoken" in html
    assert '<div class="visually-hidden" aria-hidden="true">' in html
    assert 'name="website"' in html and 'tabindex="-1"' in html and 'autocomplete="off"' in html


@pytest.mark.django_db
def test_user_text_is_escaped_on_the_page(client: Client, site: Any) -> None:
    comment = CommentFactory.create(
        author_name="<script>alert(1)</script>",
        body="<b>đậm</b> <img src=x onerror=alert(2)>",
        response="<i>trả lời</i>",
        draft__title="<em>Dự thảo</em>",
    )
    for url in (comment.draft.get_absolute_url(), "/du-thao/"):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
        assert "<em>Dự thảo</em>" not in html and "&lt;em&gt;Dự thảo&lt;/em&gt;" in html
    html = client.get(comment.draft.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;đậm&lt;/b&gt;" in html and "&lt;i&gt;trả lời&lt;/i&gt;" in html


# Pages ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_puts_open_drafts_first_then_upcoming_then_closed(client: Client, site: Any) -> None:
    closed_old = DraftFactory.create(title="Đóng cũ", opens_on=TODAY - 90 * DAY, closes_on=TODAY - 60 * DAY)
    closed_new = DraftFactory.create(title="Đóng mới", opens_on=TODAY - 30 * DAY, closes_on=TODAY - DAY)
    upcoming = DraftFactory.create(title="Sắp tới", opens_on=TODAY + DAY, closes_on=TODAY + 30 * DAY)
    open_late = DraftFactory.create(title="Mở lâu", opens_on=TODAY - DAY, closes_on=TODAY + 40 * DAY)
    open_soon = DraftFactory.create(title="Mở sắp hết", opens_on=TODAY - 9 * DAY, closes_on=TODAY)
    DraftFactory.create(title="Chưa công khai", published=False)
    CommentFactory.create_batch(2, draft=open_soon)
    CommentFactory.create(draft=open_soon, status=Comment.Status.PENDING)
    CommentFactory.create(draft=open_soon, status=Comment.Status.REJECTED)

    items = selectors.public_drafts(today=TODAY)
    assert [i.draft for i in items] == [open_late, open_soon, upcoming, closed_new, closed_old]
    assert [i.comment_count for i in items] == [0, 2, 0, 0, 0]  # published only

    html = client.get("/du-thao/").content.decode()
    assert "Chưa công khai" not in html
    for label in ("Đang lấy ý kiến", "Sắp mở", "Đã kết thúc"):
        assert f">{label}</span>" in html  # the state in words, not a colour alone
    start = open_soon.opens_on.strftime("%d/%m/%Y")
    assert f"Từ {start} đến hết ngày {TODAY:%d/%m/%Y}" in html


@pytest.mark.django_db
def test_counting_comments_on_the_list_takes_one_query(django_assert_num_queries: Any) -> None:
    for n in range(4):
        CommentFactory.create_batch(n, draft=DraftFactory.create())
    with django_assert_num_queries(1):
        counts = sorted(i.comment_count for i in selectors.public_drafts(today=TODAY))
    assert counts == [0, 1, 2, 3]


@pytest.mark.django_db
def test_a_closed_draft_shows_its_outcome_and_no_way_to_comment(client: Client, site: Any) -> None:
    draft = DraftFactory.create(
        opens_on=TODAY - 30 * DAY, closes_on=TODAY - DAY, outcome="Đã tiếp thu 2 ý kiến về Điều 3."
    )
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "Đã hết thời gian lấy ý kiến" in html
    assert "Kết quả tiếp thu, giải trình" in html and "Đã tiếp thu 2 ý kiến về Điều 3." in html
    assert comment_url(draft) not in html and "Gửi ý kiến</a>" not in html

    still_open = DraftFactory.create(closes_on=TODAY)
    html = client.get(still_open.get_absolute_url()).content.decode()
    assert f'href="{comment_url(still_open)}"' in html and "Gửi ý kiến</a>" in html
    assert "Kết quả tiếp thu, giải trình" not in html  # no outcome yet


@pytest.mark.django_db
def test_unpublished_drafts_are_not_found_and_wrong_slugs_redirect(client: Client, site: Any) -> None:
    hidden = DraftFactory.create(published=False)
    for url in (hidden.get_absolute_url(), comment_url(hidden), f"/du-thao/tep/{hidden.pk}/"):
        assert client.get(url).status_code == 404, url
    assert client.post(comment_url(hidden), form_data()).status_code == 404
    assert not Comment.objects.exists()

    draft = DraftFactory.create(title="Dự thảo Quy chế tiếp công dân")
    assert draft.get_absolute_url() == f"/du-thao/{draft.pk}-du-thao-quy-che-tiep-cong-dan/"
    response = client.get(f"/du-thao/{draft.pk}-ten-cu/")
    assert response.status_code == 301 and response["Location"] == draft.get_absolute_url()
    assert client.get("/du-thao/999999-khong-co/").status_code == 404


# The page cache ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_and_draft_pages_are_cached_but_the_form_never(client: Client, site: Any) -> None:
    draft = DraftFactory.create()
    for url in ("/du-thao/", draft.get_absolute_url(), f"{draft.get_absolute_url()}?da-gui=1"):
        first, second = Client().get(url), Client().get(url)
        assert (first["X-Danvan-Cache"], second["X-Danvan-Cache"]) == ("miss", "hit"), url
        assert not first.cookies and b"csrfmiddlewaretoken" not in first.content

    for _ in range(2):
        form = Client().get(comment_url(draft))
        assert form.status_code == 200 and "X-Danvan-Cache" not in form
        control = form["Cache-Control"]
        assert "no-cache" in control and "private" in control and "no-store" in control


@pytest.mark.django_db
def test_publishing_a_comment_retires_the_cached_page_but_a_new_one_does_not(
    client: Client, site: Any
) -> None:
    draft = DraftFactory.create()
    url = draft.get_absolute_url()
    assert Client().get(url)["X-Danvan-Cache"] == "miss"
    client.post(comment_url(draft), form_data(body="Một ý kiến mới."))
    # A pending comment shows nowhere: anonymous posts must not empty the cache.
    assert Client().get(url)["X-Danvan-Cache"] == "hit"

    services.publish_comment(comment=Comment.objects.get(), moderator=moderator())
    response = Client().get(url)
    assert response["X-Danvan-Cache"] == "miss" and "Một ý kiến mới." in response.content.decode()

    draft.title = "Dự thảo đã đổi tên"
    draft.save()
    assert "Dự thảo đã đổi tên" in Client().get("/du-thao/").content.decode()


# Files ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_draft_file_downloads_under_its_vietnamese_name(
    client: Client, site: Any, media_root: Any
) -> None:
    draft = DraftFactory.build()
    draft.file = SimpleUploadedFile("../Dự thảo quy chế.pdf", pdf_with_text("abc"))
    draft.full_clean()
    draft.save()
    assert (draft.file_name, draft.file_kind) == ("Dự thảo quy chế.pdf", "pdf")
    assert (draft.file.name or "").startswith("du-thao/") and ".." not in (draft.file.name or "")

    html = client.get(draft.get_absolute_url()).content.decode()
    assert f'href="/du-thao/tep/{draft.pk}/"' in html and "Dự thảo quy chế.pdf" in html
    response = client.get(f"/du-thao/tep/{draft.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('Dự thảo quy chế.pdf')}" in disposition
    assert b"".join(response.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_a_file_that_is_not_pdf_or_docx_is_refused(media_root: Any) -> None:
    draft = DraftFactory.build()
    draft.file = SimpleUploadedFile("gia.pdf", b"khong phai PDF")
    with pytest.raises(ValidationError) as error:
        draft.full_clean()
    assert "không phải hai loại đó" in error.value.message_dict["file"][0]


# Admin ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_lists_drafts_and_comments(admin_client: Client) -> None:
    draft = DraftFactory.create(title="Dự thảo trong trang quản trị")
    CommentFactory.create_batch(2, draft=draft)
    CommentFactory.create(draft=draft, status=Comment.Status.PENDING, author_name="Người chờ duyệt")
    html = admin_client.get("/admin/du-thao/").content.decode()
    assert "Dự thảo trong trang quản trị" in html and "Đang lấy ý kiến" in html
    assert admin_client.get("/admin/du-thao/new/").status_code == 200
    assert admin_client.get(f"/admin/du-thao/edit/{draft.pk}/").status_code == 200
    assert admin_client.get("/admin/du-thao/", {"ordering": "-pending_count"}).status_code == 200
    assert admin_client.get(f"/admin/y-kien-gop-y/inspect/{draft.comments.first().pk}/").status_code == 200  # type: ignore[union-attr]
    pending = admin_client.get("/admin/y-kien-gop-y/", {"status": "pending"}).content.decode()
    assert "Người chờ duyệt" in pending and "Người góp ý" not in pending
    # Comments arrive through the public form only; Wagtail answers a refusal by going back home.
    refused = admin_client.post(
        "/admin/y-kien-gop-y/new/", {"draft": draft.pk, "author_name": "A", "body": "B"}
    )
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert Comment.objects.count() == 3
    assert 'href="/admin/y-kien-gop-y/new/"' not in admin_client.get("/admin/y-kien-gop-y/").content.decode()


@pytest.mark.django_db
def test_the_admin_refuses_a_draft_that_closes_before_it_opens(admin_client: Client) -> None:
    form = {
        "title": "Dự thảo thử",
        "summary": "Tóm tắt",
        "opens_on": "2026-03-10",
        "closes_on": "2026-03-01",
        "published": "on",
    }
    response = admin_client.post("/admin/du-thao/new/", form)
    assert response.status_code == 200
    assert "Ngày kết thúc lấy ý kiến không thể trước ngày bắt đầu." in response.content.decode()
    assert admin_client.post("/admin/du-thao/new/", {**form, "closes_on": "2026-03-10"}).status_code == 302
    assert Draft.objects.get().slug == "du-thao-thu"


@pytest.mark.django_db
def test_publishing_in_the_admin_goes_through_the_service(client: Client) -> None:
    comment = CommentFactory.create(status=Comment.Status.PENDING, body="Nội dung gốc")
    staff = moderator()
    client.force_login(staff)
    url = f"/admin/y-kien-gop-y/edit/{comment.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "published", "response": "Xin tiếp thu.", "body": "sửa trộm"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED and comment.response == "Xin tiếp thu."
    assert comment.moderated_by == staff and comment.moderated_at is not None
    assert comment.body == "Nội dung gốc", "staff answer a comment; they do not rewrite it"


# Demo -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_loader_creates_two_drafts_once() -> None:
    assert load_consultations() == 2
    assert load_consultations() == 0
    assert Draft.objects.count() == 2
    open_draft = Draft.objects.get(title=OPEN_TITLE)
    assert open_draft.state() == State.OPEN
    assert (open_draft.opens_on, open_draft.closes_on) == (TODAY - 10 * DAY, TODAY + 20 * DAY)
    statuses = sorted(open_draft.comments.values_list("status", flat=True))
    assert statuses == ["pending", "published", "published", "published"]
    closed = Draft.objects.get(title=CLOSED_TITLE)
    assert closed.state() == State.CLOSED and closed.outcome
    assert closed.comments.filter(status=Comment.Status.PUBLISHED).count() == 2


@pytest.mark.django_db
def test_the_portal_lists_the_drafts(media_root: Any, client: Client) -> None:
    """tests/worlds.py's portal: OPEN_DRAFT has one published comment; a pending one is added here."""
    open_draft = portal_world().drafts[OPEN_DRAFT]
    CommentFactory.create(draft=open_draft, author_name="Phạm Quốc Bảo", status=Comment.Status.PENDING)
    html = client.get("/du-thao/").content.decode()
    assert html.index(OPEN_DRAFT) < html.index(CLOSED_DRAFT)
    page = client.get(open_draft.get_absolute_url()).content.decode()
    assert "1 ý kiến đã đăng" in page and "Phạm Quốc Bảo" not in page  # the pending one stays hidden
