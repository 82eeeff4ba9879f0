"""Password rules (issue 14): ≥ 8 characters with a confirmed second factor, ≥ 14 without, never a
common password, never all digits, never close to the account's own details."""

from typing import Any

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts.passwords import SecondFactorAwareLengthValidator

from .factories import UserFactory

TEN = "vang-lua-9"  # 10 characters, not common, not numeric


def errors(password: str, user: Any = None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return list(error.messages)
    return []


@pytest.mark.django_db
def test_without_a_second_factor_fourteen_characters_are_needed() -> None:
    user = UserFactory.create(username="khong.otp")
    assert errors("song-hong-chay-", user) == []  # 15 characters
    (message,) = errors(TEN, user)
    assert "ít nhất 14 ký tự" in message and "xác thực hai bước" in message
    assert errors("song-hong-13c", user) != [] and errors("song-hong-14ch", user) == []


@pytest.mark.django_db
def test_with_a_confirmed_second_factor_eight_are_enough() -> None:
    user = UserFactory.create(username="co.otp")
    TOTPDevice.objects.create(user=user, name="điện thoại", confirmed=True)
    assert errors(TEN, user) == []
    assert errors("lua-ng7", user) == ["Mật khẩu quá ngắn: cần ít nhất 8 ký tự."]  # 7 characters
    assert errors("lua-ngo8", user) == []


@pytest.mark.django_db
def test_an_unconfirmed_device_does_not_count() -> None:
    user = UserFactory.create(username="chua.xac.nhan")
    TOTPDevice.objects.create(user=user, name="điện thoại", confirmed=False)
    assert any("14 ký tự" in message for message in errors(TEN, user))


def test_a_new_account_without_a_user_needs_fourteen() -> None:
    validator = SecondFactorAwareLengthValidator()
    with pytest.raises(ValidationError):
        validator.validate(TEN, None)
    validator.validate("mua-xuan-tren-nui", None)


@pytest.mark.django_db
def test_common_numeric_and_similar_passwords_are_refused_even_when_long() -> None:
    user = UserFactory.create(username="nguyen.van.an", first_name="Nguyễn Văn An")
    TOTPDevice.objects.create(user=user, name="điện thoại", confirmed=True)
    assert errors("password1234", user) == ["Mật khẩu này quá phổ biến."]  # Django's common list
    assert errors("12345678901234", user) == ["Mật khẩu này hoàn toàn là số."]
    assert errors("nguyen.van.an1", user) == ["Mật khẩu quá giống với Tên đăng nhập."]


def test_the_help_text_is_vietnamese_and_names_both_lengths() -> None:
    text = " ".join(str(t) for t in password_validators_help_texts())
    assert "ít nhất 14 ký tự" in text and "8 ký tự" in text
