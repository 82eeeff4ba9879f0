"""A Wagtail list's CSV/XLSX export (``?export=csv|xlsx``) that never makes the request wait (issue 17,
decision 0024): generalised from the audit log's export so Wagtail's own reports use it too.

``QueuedExportMixin`` goes first in the bases of a Wagtail listing view (a generic ``IndexView`` or a
report's ``ReportView``). The export link keeps its address and the list's own filters, search and
ordering. At most ``direct_limit`` rows (one COUNT with the same filters tells) are answered at once,
by Wagtail's own writer; more are a ``core.exports`` job: the GET shows the row count and a "Tạo tệp"
button whose POST to the same address queues the job and answers 303 to its page. The worker builds
the file through the very view, set up on the saved query string (``view_for``), so the rows, their
order and the columns are the list's. Invalid filters are a 400 (Wagtail would export everything).
Who may: ``may_export`` is asked again when the file is built and when it is downloaded.
"""

import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .exports import Exporter, ExportFailed, ExportFile, Progress, start_export

# Rows answered inside the request: ≈ 95 µs a CSV row, 263 µs an XLSX row on the busy measuring
# machine (bench/exports_audit_board.py), so ≤ 1.4 s / 1.3 s.
DIRECT_ROWS = {"csv": 15_000, "xlsx": 5_000}
XLSX_MAX_ROWS = 1_048_575  # a worksheet's 1,048,576 rows, less the heading
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PROGRESS_EVERY = 10_000
BATCH = 2_000  # rows read (and decorated, for a report) at a time: never the whole list in memory
# Query parameters that are not the list's filters: the export itself, the page, Wagtail's fragments.
NOT_FILTERS = ("export", "p", "_w_filter_fragment")


def thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


class QueuedExportMixin:
    """See the module's docstring. A view sets ``export_kind`` (its ``Exporter``'s), ``export_heading``
    and ``export_back_label`` (the count page's words) and says what ``job_title`` is."""

    request: HttpRequest
    export_kind = ""
    export_heading: str | Promise = ""
    export_back_label: str | Promise = ""
    export_reading: str | Promise = ""  # the job's first progress message

    _rows = 0  # what the export's query selects, counted once per request (or job)

    # --- what a view may change ---

    def direct_limit(self, file_format: str) -> int:
        return DIRECT_ROWS[file_format]

    def xlsx_limit(self) -> int:
        return XLSX_MAX_ROWS

    def progress_every(self) -> int:
        return PROGRESS_EVERY

    def export_queryset(self) -> Any:
        """The rows the export writes, filtered, searched and ordered as the list is."""
        return self.get_queryset()  # type: ignore[attr-defined]

    def export_batch(self, rows: list[Any]) -> Iterable[Any]:
        """What the writer receives for ``rows`` read from ``export_queryset`` (a report decorates)."""
        return rows

    def export_directly(self, queryset: Any) -> HttpResponse:
        response: HttpResponse = self.as_spreadsheet(queryset, self.export_format)  # type: ignore[attr-defined]
        return response

    def may_export(self) -> bool:
        """Whether the request's user may still have the list (asked again by the worker and on
        download, where no ``dispatch`` ran)."""
        return True

    def job_title(self, file_format: str, *, filtered: bool) -> str:
        raise NotImplementedError

    # --- the export ---

    @property
    def export_format(self) -> str:
        return str(self.request.GET.get("export", ""))

    def _filters_valid(self) -> bool:
        filters = getattr(self, "filters", None)
        return filters is None or bool(filters.is_valid())

    def input_errors(self) -> list[str]:
        """What is wrong with the list's filters or search, in Vietnamese (nothing: they are valid)."""
        errors = []
        filters = getattr(self, "filters", None)
        if filters is not None and not filters.is_valid():
            for name, problems in filters.form.errors.items():
                field = filters.form.fields.get(name)
                label = str(field.label) if field is not None else name
                errors += [f"{label}: {problem}" for problem in problems]
        search_form = getattr(self, "search_form", None)
        if search_form is not None and search_form.is_bound and not search_form.is_valid():
            errors.append(_("Từ khóa tìm kiếm không hợp lệ."))
        if self.export_format == "xlsx" and self._rows > self.xlsx_limit():
            errors.append(
                _("Một tệp Excel chứa được tối đa %(n)s dòng; hãy lọc bớt hoặc chọn CSV.")
                % {"n": thousands(self.xlsx_limit())}
            )
        return errors

    def export_query(self) -> str:
        """The list's filters, search and ordering as the user gave them (the job's parameters)."""
        query: QueryDict = self.request.GET.copy()
        for name in NOT_FILTERS:
            query.pop(name, None)
        return query.urlencode()

    def _page(self, status: int = 200, **context: Any) -> TemplateResponse:
        query = self.export_query()
        back = str(self.index_url) + (f"?{query}" if query else "")  # type: ignore[attr-defined]
        return TemplateResponse(
            self.request,
            "core/exports/queued.html",
            {
                "format": self.export_format.upper(),
                "back": back,
                "heading": self.export_heading,
                "back_label": self.export_back_label,
                **context,
            },
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.is_export:  # type: ignore[attr-defined]
            response: HttpResponse = super().get(request, *args, **kwargs)  # type: ignore[misc]
            return response
        queryset = self.export_queryset()
        self._rows = queryset.count() if self._filters_valid() else 0
        errors = self.input_errors()
        if errors:
            return self._page(status=400, errors=errors)
        if self._rows > self.direct_limit(self.export_format):
            return self._page(rows=thousands(self._rows), filters=getattr(self, "active_filters", []))
        return self.export_directly(queryset)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Queue the export of what the list shows (``?export=csv|xlsx`` and its filters)."""
        if not self.is_export:  # type: ignore[attr-defined]
            return self._page(status=400, errors=[_("Hãy chọn định dạng tệp: CSV hoặc XLSX.")])
        # No COUNT here (65 ms at a million audit entries on PostgreSQL): the GET showed it, the job
        # counts again, and refuses an XLSX over a worksheet's rows.
        errors = self.input_errors()
        if errors:
            return self._page(status=400, errors=errors)
        filtered = bool(getattr(self, "is_filtering", False) or getattr(self, "is_searching", False))
        job = start_export(
            user=request.user,
            kind=self.export_kind,
            title=self.job_title(self.export_format, filtered=filtered),
            parameters={"format": self.export_format, "query": self.export_query()},
        )
        response = HttpResponse(status=303)  # See Other: the job's page
        response["Location"] = reverse("export_job", args=[job.pk])
        return response

    def write_file(self, rows: Iterable[Any], output: IO[bytes]) -> None:
        """The whole file into ``output`` with Wagtail's own writers (same headings, same cells)."""
        if self.export_format == "xlsx":
            self.write_xlsx(rows, output)  # type: ignore[attr-defined]
        else:
            for line in self.stream_csv(rows):  # type: ignore[attr-defined]
                output.write(line)

    def build_file(self, progress: Progress) -> ExportFile:
        """The job's file (the worker's side of ``post``)."""
        file_format = self.export_format
        if file_format not in CONTENT_TYPES:
            raise ExportFailed(_("Định dạng “%(format)s” không được hỗ trợ.") % {"format": file_format})
        valid = self._filters_valid()
        queryset = self.export_queryset()
        self._rows = queryset.count() if valid else 0
        errors = self.input_errors()
        if errors:  # a choice picked in the filter is gone from the list's choices
            raise ExportFailed(" ".join(errors))
        progress(5, str(self.export_reading or _("Đang đọc dữ liệu")))
        output: IO[bytes] = tempfile.TemporaryFile()  # core.exports stores it and closes it
        self.write_file(CountedRows(self, queryset, self._rows, progress), output)
        output.seek(0)
        return ExportFile(
            content=output,
            filename=f"{self.get_filename()}.{file_format}",  # type: ignore[attr-defined]
            content_type=CONTENT_TYPES[file_format],
        )


class CountedRows:
    """The rows of a job, read in batches (a million model instances never sit in memory at once) and
    handed to the view's ``export_batch``, reporting the progress every ``progress_every`` rows.
    ``model`` is what Wagtail's heading lookup asks of a queryset."""

    def __init__(self, view: QueuedExportMixin, queryset: Any, total: int, progress: Progress) -> None:
        self.view, self.queryset, self.total, self.progress = view, queryset, total, progress
        self.model = queryset.model

    def __iter__(self) -> Iterator[Any]:
        every = self.view.progress_every()
        batch: list[Any] = []
        number = 0
        for number, row in enumerate(self.queryset.iterator(chunk_size=BATCH), 1):
            if number % every == 0:
                self.progress(
                    5 + 90 * number // max(self.total, 1),
                    _("Đã ghi %(n)s/%(total)s dòng")
                    % {"n": thousands(number), "total": thousands(self.total)},
                )
            batch.append(row)
            if len(batch) == BATCH:
                yield from self.view.export_batch(batch)
                batch = []
        if batch:
            yield from self.view.export_batch(batch)


def view_for(view_function: Any, path: str, user: Any, query: str, file_format: str) -> Any:
    """The view ``view_function`` (an ``as_view()`` callable) set up on a GET of ``path`` with
    ``query`` (filters, search, ordering) by ``user``, as the request that asked for the job had it."""
    request = HttpRequest()
    request.method = "GET"
    request.path = path
    given = QueryDict(query, mutable=True)
    given["export"] = file_format
    request.GET = given  # type: ignore[assignment]  # django-stubs: a request's GET is immutable
    request.user = user
    view = view_function.view_class(**view_function.view_initkwargs)
    view.setup(request)
    return view


def exporter_for(
    kind: str, make_view: Callable[[Any, str, str], QueuedExportMixin], refused: str | Promise
) -> Exporter:
    """The ``Exporter`` of a list: ``make_view(user, query, file_format)`` sets its view up; ``refused``
    is what the job says when the user lost the right to the list."""

    def view_of(user: Any, params: dict[str, Any]) -> QueuedExportMixin:
        return make_view(user, str(params.get("query", "")), str(params.get("format", "")))

    def build(user: Any, params: dict[str, Any], progress: Progress) -> ExportFile:
        view = view_of(user, params)
        if not view.may_export():
            raise ExportFailed(str(refused))
        return view.build_file(progress)

    return Exporter(
        kind=kind, build=build, may_download=lambda user, params: view_of(user, params).may_export()
    )
