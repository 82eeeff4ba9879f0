"""Typed doors onto Wagtail's registration decorators.

Wagtail ships no type hints, so its decorators would make every function they wrap untyped under
mypy's strict mode. These wrappers keep the wrapped function's own signature.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from wagtail import hooks

F = TypeVar("F", bound=Callable[..., Any])


def register(name: str, order: int = 0) -> Callable[[F], F]:
    """`@register("register_admin_urls")`: registers the function as a Wagtail hook, unchanged."""

    def decorate(fn: F) -> F:
        hooks.register(name, fn, order=order)
        return fn

    return decorate


def route(pattern: str, name: str | None = None) -> Callable[[F], F]:
    """`@route("rss/", name="feed")`: a RoutablePageMixin route (Wagtail's `path`), signature kept."""
    # Imported here: routable_page.models loads wagtail.models, which needs the app registry.
    from wagtail.contrib.routable_page.models import path as wagtail_path

    decorator: Callable[[F], F] = wagtail_path(pattern, name=name)
    return decorator
