"""What the intake part registers when the app is ready (issue 15): its public pages, and the form in
the sitemap (the lookup and a case's status are per code, not for search engines)."""


def register() -> None:
    from danvan.core import registry

    from . import selectors

    registry.add_sitemap_view("case_submit")
    registry.add_public_view("case_submit")
    registry.add_public_view("case_lookup")
    registry.add_public_view("case_status", lambda kwargs: selectors.public_case(kwargs["code"]) is not None)
