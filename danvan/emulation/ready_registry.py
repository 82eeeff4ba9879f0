"""What the registry part registers when the app is ready (issue 16)."""


def register() -> None:
    pass
