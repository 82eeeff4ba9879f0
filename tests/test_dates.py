import datetime as dt

from danvan.core.dates import header_date, seconds_until_midnight, today_in_vietnam

UTC = dt.UTC


def test_header_date_names_the_weekday_in_vietnamese() -> None:
    assert header_date(dt.date(2026, 11, 26)) == "Thứ Năm, 26/11/2026"
    assert header_date(dt.date(2026, 11, 29)) == "Chủ Nhật, 29/11/2026"
    assert header_date(dt.date(2026, 11, 30)) == "Thứ Hai, 30/11/2026"


def test_today_follows_ho_chi_minh_city_not_utc() -> None:
    # 17:30 UTC is 00:30 the next day in UTC+7.
    assert today_in_vietnam(dt.datetime(2026, 11, 25, 17, 30, tzinfo=UTC)) == dt.date(2026, 11, 26)
    assert today_in_vietnam(dt.datetime(2026, 11, 25, 16, 59, tzinfo=UTC)) == dt.date(2026, 11, 25)


def test_cache_lifetime_ends_at_vietnamese_midnight() -> None:
    # 23:59:00 in Vietnam is 16:59:00 UTC: one minute left.
    assert seconds_until_midnight(dt.datetime(2026, 11, 26, 16, 59, tzinfo=UTC)) == 60
