"""A “Dân vận khéo” model made straight with the ORM, for the gallery's tests (the registry's own
factories are tests/emulation_factories.py)."""

from typing import Any

from danvan.emulation.models import ModelField, ModelPhoto, ModelStatus, SkilfulModel

from .factories import ImageFactory


def skilful_model(unit: Any, **fields: Any) -> SkilfulModel:
    values: dict[str, Any] = {
        "title": "Dân vận khéo trong xây dựng nông thôn mới",
        "slug": "dan-van-kheo-nong-thon-moi",
        "field": ModelField.ECONOMY,
        "year": 2023,
        "description": "Vận động nhân dân hiến đất làm đường liên ấp.",
        "results": "Làm được 4,2 km đường bê tông; 120 hộ hiến đất.",
        "status": ModelStatus.RECOGNISED,
    }
    values.update(fields)
    return SkilfulModel.objects.create(unit=unit, **values)


def photo(
    model: SkilfulModel, caption: str = "Người dân hiến đất làm đường", position: int = 0
) -> ModelPhoto:
    return ModelPhoto.objects.create(
        model=model, image=ImageFactory.create(), caption=caption, position=position
    )
