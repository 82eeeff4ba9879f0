"""How dates are typed into every form, admin and public: day first, as Vietnamese write them.

The one place that says it. Django reads these input formats for each language through
FORMAT_MODULE_PATH (the `vi` and `en` modules beside this file), and the settings derive
WAGTAIL_DATE_FORMAT and its siblings from the first entry of each list, so the date picker shows
exactly the format the server parses first. ISO (2024-04-18) is read too; month first never is.
"""

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
