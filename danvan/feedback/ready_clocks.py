"""What the clocks part registers when the app is ready (issue 15)."""


def register() -> None:
    pass
