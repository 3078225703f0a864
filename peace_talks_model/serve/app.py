"""`peace-talks serve`: the web app over a directory of record files (`create_app(options)`, a Starlette app).

Pages: the overview (records by type, the directory's verdict, drafts), records by type with search over ids,
names, aliases and titles, a record (its findings and its form), a new record (from the starter of its type),
drafts, the explanation of a code, and the timeline of a process. Writes go through `store.Store` (atomic, in
place, ETag-checked) and only after the record was checked in the context of the whole directory
(`checking.check_in_context`): a record with errors can be kept only as a draft.

Safe by default (`Guard`, a middleware): requests must name a loopback host (a page served on 127.0.0.1 cannot be
reached through another name by DNS rebinding) unless the app was started with `allow_remote`, which then requires
the token printed at start (`?token=` once, then a cookie); every POST needs the form's CSRF token (or the
`X-CSRF-Token` header) and, when the browser sends one, an `Origin` of this app; request bodies over
`max_body` bytes are refused with 413 before they are read; `read_only` refuses every write. No path outside the
directory is read or written (`Store.path`).
"""

from __future__ import annotations

import difflib
import hmac
import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from peace_talks_model._version import SCHEMA_VERSION
from peace_talks_model.grounding import Grounding
from peace_talks_model.models import MODEL_BY_TYPE
from peace_talks_model.models.dates import EdtfError, parse_edtf
from peace_talks_model.report import Finding
from peace_talks_model.serve import forms
from peace_talks_model.serve.checking import Checked, Checker, field_of, relative_file
from peace_talks_model.serve.pages import esc, findings_list, layout, table, url
from peace_talks_model.serve.review import Answer, ReviewFile, now
from peace_talks_model.serve.store import (
    STATE_DIR,
    ConflictError,
    HistoryError,
    Store,
    StoredRecord,
    StoreError,
    UnsafePathError,
    record_digest,
)
from peace_talks_model.starters import STARTERS

STATIC = Path(__file__).with_name("static")
#: The largest request body accepted (a record form of the largest example is under 1 MB).
MAX_BODY = 4 << 20
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


@dataclass(slots=True)
class ServeOptions:
    """What `peace-talks serve` was started with."""

    root: Path
    texts: Path | None = None
    read_only: bool = False
    allow_remote: bool = False
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    max_body: int = MAX_BODY
    #: files whose records are reviewed one by one (`--review`); only read
    review: tuple[Path, ...] = ()
    #: one git commit per save (`--git-commit`; the directory must be in a git repository)
    history: bool = False


# -- the guard -------------------------------------------------------------------------------------------------------

ASGIApp = Callable[
    [MutableMapping[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]
]


class Guard:
    """The middleware that keeps the app safe (see the module)."""

    def __init__(self, app: ASGIApp, options: ServeOptions) -> None:
        self.app = app
        self.options = options

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        refusal = self._refusal(request)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        if request.query_params.get("token") and self.options.allow_remote:
            # the token given once in the URL: a cookie from now on, and the URL without it
            target = url(request.url.path, **{k: v for k, v in request.query_params.items() if k != "token"})
            response = RedirectResponse(target, status_code=303)
            response.set_cookie("pt_token", self.options.token, httponly=True, samesite="strict")
            await response(scope, receive, send)
            return
        if request.method == "POST":
            receive = self._limited(receive)
        await self.app(scope, receive, self._headers(send, request.url.path))

    def _refusal(self, request: Request) -> Response | None:
        host = (
            (request.headers.get("host") or "").rsplit(":", 1)[0]
            if "]" not in (request.headers.get("host") or "")
            else (request.headers.get("host") or "").rsplit("]", 1)[0] + "]"
        )
        if not self.options.allow_remote and host not in LOOPBACK:
            return _plain(f"refused: this app answers on 127.0.0.1 only (Host: {host or 'none'})", 403)
        if self.options.allow_remote:
            given = request.cookies.get("pt_token") or request.query_params.get("token") or ""
            if not hmac.compare_digest(given, self.options.token):
                return _plain("refused: this app needs the token printed when it started (?token=...)", 401)
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.options.max_body):
            return _plain(f"refused: the request is larger than {self.options.max_body} bytes", 413)
        if request.method == "POST":
            origin = request.headers.get("origin")
            if origin is not None and origin != "null" and origin.split("://", 1)[-1] != request.headers.get("host"):
                return _plain("refused: the request comes from another site", 403)
        elif request.method not in ("GET", "HEAD"):
            return _plain("method not allowed", 405)
        return None

    def _limited(self, receive: Any) -> Any:
        seen = 0
        limit = self.options.max_body

        async def limited() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLargeError
            return message

        return limited

    @staticmethod
    def _headers(send: Any, path: str) -> Any:
        # the timeline page is the self-contained page of `peace-talks timeline` (inline CSS, no script)
        policy = (
            b"default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
            if path == "/timeline"
            else b"default-src 'self'; frame-ancestors 'none'; form-action 'self'"
        )

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", policy),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        return with_headers


class _TooLargeError(Exception):
    """A request body that grew past the limit while it was read."""


def _plain(text: str, status: int) -> Response:
    return Response(text + "\n", status_code=status, media_type="text/plain; charset=utf-8")


# -- the app ---------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class FormState:
    """A record form as drawn: its record type, the file the record is (or goes) in, the record read from it
    (None: a new record), the values shown, the file's ETag and the record's digest the edit started from, the
    findings, and the draft it continues (if any)."""

    kind: str
    file: str
    record: StoredRecord | None
    data: dict[str, Any]
    etag: str
    digest: str
    checked: Checked
    draft: int | None = None
    #: a record under review: (review file number, record number)
    review: tuple[int, int] | None = None


class App:
    """The routes, over one store."""

    def __init__(self, options: ServeOptions) -> None:
        self.options = options
        self.store = Store(options.root, read_only=options.read_only, history=options.history)
        self.grounding = Grounding(options.texts) if options.texts is not None else None
        self.reviews = [ReviewFile(path, self.store) for path in options.review]
        self.checker = Checker(self.store, self.grounding)

    # helpers

    def page(
        self, title: str, body: str, request: Request, status: int = 200, *, flash: str = "", bad: bool = False
    ) -> HTMLResponse:
        query = request.query_params.get("q", "")
        return HTMLResponse(
            layout(title, body, read_only=self.options.read_only, query=query, flash=flash, bad=bad), status_code=status
        )

    def _csrf_ok(self, form: Any, request: Request) -> bool:
        given = str(form.get("_csrf") or request.headers.get("x-csrf-token") or "")
        return hmac.compare_digest(given, self.options.csrf)

    def _records(self) -> list[StoredRecord]:
        return list(self.store.records())

    def _text_sources(self, data: dict[str, Any]) -> list[str]:
        """The sources with a text in --texts: those the record quotes first, then every other source known."""
        if self.grounding is None:
            return []
        found: list[Any] = [e.get("source") for e in _evidence(data)]
        found += [r.id for r in self._records() if r.record_type == "source"]
        found += [r.get("id") for review in self.reviews for r in review.records if r.get("record_type") == "source"]
        return [s for s in dict.fromkeys(found) if isinstance(s, str) and s and self.grounding.path_for(s)]

    def _source_panel(self, data: dict[str, Any]) -> str:
        sources = self._text_sources(data)
        if not sources:
            return ""
        options = "".join(f'<option value="{esc(s)}">{esc(s)}</option>' for s in sources)
        marks = json.dumps({s: _marks(self.grounding, s, data) for s in sources[:20]}).replace("</", "<\\/")
        return (
            '<section class="source-panel"><h2>Source text</h2>'
            f'<select id="source-pick" aria-label="Source">{options}</select>'
            f'<script type="application/json" id="source-marks">{marks}</script>'
            '<pre class="text-source" id="source-text" tabindex="0"></pre>'
            '<p class="muted small">Quotes of this record are marked. Select a passage, then press "Use the '
            'selected text" in an evidence item: its source, quote and offsets are filled in.</p></section>'
        )

    def text(self, request: Request) -> Response:
        """The raw text of a source in --texts (as JSON, so that its line ends and offsets stay exact)."""
        source = request.query_params.get("source", "")
        if self.grounding is None:
            return JSONResponse({"error": "started without --texts"}, status_code=404)
        path = self.grounding.path_for(source)
        if path is None:
            return JSONResponse({"error": f"no text for {source}"}, status_code=404)
        from peace_talks_model.grounding import load_text as load_source  # noqa: PLC0415

        loaded = load_source(path)
        if isinstance(loaded, str):
            return JSONResponse({"error": loaded}, status_code=404)
        return JSONResponse({"source": source, "text": loaded.raw})

    # review

    def review_index(self, request: Request) -> Response:
        rows = []
        for k, review in enumerate(self.reviews):
            counts = review.counts()
            after = review.next_open()
            go = (
                f'<a class="button" href="{esc(url("/review/item", f=k, n=after))}">Review</a>'
                if after is not None
                else "done"
            )
            rows.append(
                (
                    esc(review.path),
                    str(len(review.records)),
                    str(counts["accepted"]),
                    str(counts["rejected"]),
                    str(counts["open"]),
                    go,
                )
            )
        body = (
            "<h1>Review</h1><p class=muted>The records of each file given with <code>--review</code>, one at a time: "
            "accept (checked like any save, then added to the directory), edit then accept, or reject with a "
            f"reason (kept in {esc(self.store.root / STATE_DIR / 'review')}).</p>"
            + table(("file", "records", "accepted", "rejected", "open", ""), rows, numeric=(1, 2, 3, 4))
        )
        return self.page("Review", body, request)

    def review_item(self, request: Request) -> Response:
        try:
            k = int(request.query_params.get("f", "0"))
            review = self.reviews[k]
        except (ValueError, IndexError):
            return self.page("Not found", "<h1>No such review file</h1>", request, 404)
        n_text = request.query_params.get("n", "")
        n = int(n_text) if n_text.isdigit() else (review.next_open() or 0)
        if n >= len(review.records):
            after = review.next_open()
            if after is None:
                return RedirectResponse("/review", status_code=303)
            n = after
        data = review.records[n]
        kind = data.get("record_type")
        if kind not in STARTERS:
            return self.page("Not a record", f"<h1>Record {n + 1} has no record type</h1>", request, 404)
        counts = review.counts()
        answer = review.answers().get(n)
        said = ""
        if answer is not None:
            said = f" Already {answer.decision}" + (f" ({esc(answer.reason)})" if answer.reason else "") + "."
        header = (
            f'<p class="review-head"><a href="/review">Review</a> of <strong>{esc(review.name)}</strong>: record '
            f"{n + 1} of {len(review.records)}; {counts['accepted']} accepted, {counts['rejected']} rejected, "
            f"{counts['open']} open.{said}</p>"
        )
        file = _default_file(self.store, kind)
        checked = self.checker.check(file, None, data)
        state = FormState(kind, file, None, _rich(kind, data), "", "", checked, review=(k, n))
        return self.form_page(request, state, extra=header)

    def review_answer(self, request: Request, form: Any, state: FormState) -> Response:
        """Accept (the record checked like any save, then added to its file) or reject (with a reason) a record
        under review, then go to the next open one."""
        action = str(form.get("_action") or "")
        k_text, _, n_text = str(form.get("_review") or "").partition(":")
        try:
            k, n = int(k_text), int(n_text)
            review = self.reviews[k]
            review.records[n]
        except (ValueError, IndexError):
            return _plain("no such record under review", 400)
        if action == "reject":
            reason = str(form.get("_reason") or "").strip()
            if not reason:
                return self.form_page(
                    request,
                    replace(state, review=(k, n)),
                    status=422,
                    bad=True,
                    flash="Not rejected: say why (the reason is kept with the record).",
                )
            review.answer(n, Answer("rejected", now(), reason=reason))
        else:
            if not state.checked.ok:
                message = f"Not accepted: {len(state.checked.errors)} error(s). Fix them, or reject the record."
                return self.form_page(request, replace(state, review=(k, n)), status=422, bad=True, flash=message)
            try:
                self.store.add_record(state.file, state.data, None)
            except (StoreError, ConflictError) as exc:
                return self.page("Not accepted", f"<h1>Not accepted</h1><p>{esc(exc)}</p>", request, 409, bad=True)
            review.answer(n, Answer("accepted", now(), file=state.file, record_id=state.data.get("id")))
            try:
                self.store.commit(state.file, f"peace-talks serve: accept {state.data.get('id')} from {review.name}")
            except HistoryError as exc:
                return self.page(
                    "Accepted, not committed",
                    f"<h1>Accepted, not committed</h1><p>The record is in "
                    f"{esc(state.file)}; the commit failed: {esc(exc)}</p>",
                    request,
                    500,
                    bad=True,
                )
        after = review.next_open(n)
        target = url("/review/item", f=k, n=after) if after is not None else "/review"
        return RedirectResponse(target, status_code=303)

    # pages

    def overview(self, request: Request) -> Response:
        records = self._records()
        counts: dict[str, int] = {}
        for r in records:
            counts[r.record_type or "?"] = counts.get(r.record_type or "?", 0) + 1
        report = self.checker.report()
        errors = sum(f.severity.value == "error" for f in report.findings)
        warnings = len(report.findings) - errors
        verdict = (
            f'<span class="badge {"err" if errors else "warn" if warnings else "ok"}">{errors} error(s), '
            f"{warnings} warning(s)</span>"
        )
        rows = [(f'<a href="{esc(url("/records", type=t))}">{esc(t)}</a>', str(n)) for t, n in sorted(counts.items())]
        new = (
            ""
            if self.options.read_only
            else "<p>New record: "
            + " ".join(
                f'<a class="button" href="{esc(url("/new", type=t))}">{esc(t.replace("_", " "))}</a>' for t in STARTERS
            )
            + "</p>"
        )
        drafts = self.store.drafts()
        body = (
            f"<h1>{esc(self.store.root.name)}</h1>"
            f'<p class="muted">{len(self.store.files())} file(s), {len(records)} record(s) in {esc(self.store.root)}. '
            f'Checked as <code>peace-talks validate</code> checks it: {verdict} <a href="/check">details</a>'
            f"{'; ' + str(len(drafts)) + ' draft(s) kept apart: <a href=/drafts>drafts</a>' if drafts else ''}"
            "</p>"
            f"{new}<h2>Records by type</h2>{table(('type', 'records'), rows, numeric=(1,), narrow=True)}"
        )
        return self.page("Overview", body, request)

    def records(self, request: Request) -> Response:
        kind = request.query_params.get("type") or None
        query = (request.query_params.get("q") or "").strip()
        found = [r for r in self._records() if (kind is None or r.record_type == kind) and _matches(r.data, query)]
        rows = [
            (
                f'<a href="{esc(url("/record", file=r.file, index=r.index))}">{esc(r.id or "(no id)")}</a>',
                esc(_name(r.data)),
                esc(r.record_type or ""),
                f'<span class="muted small">{esc(r.file)}:{r.line or ""}</span>',
            )
            for r in found[:1000]
        ]
        title = f"{kind.replace('_', ' ')} records" if kind else "Records"
        said = f' matching "{esc(query)}"' if query else ""
        more = f" (the first 1,000 of {len(found)})" if len(found) > 1000 else ""
        body = f"<h1>{esc(title)}</h1><p class=muted>{len(found)} record(s){said}{more}</p>" + table(
            ("id", "name or title", "type", "file"), rows
        )
        return self.page(title, body, request)

    def check_page(self, request: Request) -> Response:
        report = self.checker.report()
        files = {id(f): relative_file(self.store, f.file) for f in report.findings}
        errors = sum(f.severity.value == "error" for f in report.findings)
        body = (
            f"<h1>Check of the directory</h1><p>{len(report.findings)} finding(s), {errors} error(s), as "
            f"<code>peace-talks validate {esc(self.store.root)}</code> reports them.</p>"
            f"{findings_list(report.findings[:2000], files)}"
        )
        return self.page("Check", body, request)

    def explain(self, request: Request) -> Response:
        from peace_talks_model.codes import lookup  # noqa: PLC0415
        from peace_talks_model.explanations import EXPLANATIONS  # noqa: PLC0415

        code = lookup(request.path_params["code"])
        if code is None:
            return self.page("Unknown code", "<h1>Unknown code</h1>", request, 404)
        explanation = EXPLANATIONS.get(code.code)
        parts = [f"<h1>{esc(code.code)} {esc(code.name)}</h1><p>{esc(code.summary)}</p>"]
        if explanation is not None:
            parts += [
                f"<h2>Why</h2><p>{esc(explanation.why)}</p>",
                f"<h2>Fix</h2><p>{esc(explanation.fix)}</p>",
                f'<div class="grid2"><div><h2>Wrong</h2><pre class="json">{esc(explanation.bad)}</pre></div>'
                f'<div><h2>Right</h2><pre class="json">{esc(explanation.good)}</pre></div></div>',
            ]
        return self.page(code.code, "".join(parts), request)

    def drafts(self, request: Request) -> Response:
        rows = [
            (
                f'<a href="{esc(url("/draft", n=n))}">draft {n}</a>',
                esc((d.get("record") or {}).get("id") or ""),
                esc(d.get("file") or ""),
                esc(d.get("reason") or ""),
            )
            for n, d in sorted(self.store.drafts().items())
        ]
        body = (
            "<h1>Drafts</h1><p class=muted>Records that do not validate yet, kept apart from the record files "
            f"(in {esc(self.store.drafts_dir)}) until they do.</p>" + table(("draft", "id", "for file", "why"), rows)
        )
        return self.page("Drafts", body, request)

    # the form

    def record(self, request: Request) -> Response:
        file = request.query_params.get("file", "")
        try:
            index = int(request.query_params.get("index", "0"))
            read = self.store.read_file(file)
        except (ValueError, UnsafePathError, OSError) as exc:
            return self.page("Not found", f"<h1>Not found</h1><p>{esc(exc)}</p>", request, 404)
        record = next((r for r in read.records if r.index == index), None)
        if record is None or not record.record_type or record.record_type not in STARTERS:
            return self.page("Not found", f"<h1>Not found</h1><p>{esc(file)} has no record {index}.</p>", request, 404)
        checked = self.checker.check(file, record, record.data)
        flash = (request.query_params.get("saved") and "Saved.") or ""
        if request.query_params.get("uncommitted"):
            flash = f"Saved, but not committed to git: {request.query_params['uncommitted']}"
        return self.form_page(
            request,
            FormState(
                record.record_type,
                file,
                record,
                _rich(record.record_type, record.data),
                read.etag,
                record.digest,
                checked,
            ),
            flash=flash,
        )

    def new(self, request: Request) -> Response:
        kind = request.query_params.get("type", "")
        if kind not in STARTERS:
            return self.page("Unknown type", "<h1>Unknown record type</h1>", request, 404)
        if self.options.read_only:
            return self.page("Read-only", "<h1>Read-only</h1><p>Started with --read-only.</p>", request, 403)
        data = json.loads(json.dumps(STARTERS[kind]))
        data["id"] = f"{kind}:"
        if request.query_params.get("name"):  # a stub asked for by a reference field
            data = {k: v for k, v in data.items() if k in ("record_type", "id", "schema_version", "kind")}
            data["name" if "name" in MODEL_BY_TYPE[kind].model_fields else "title"] = request.query_params["name"]
        file = request.query_params.get("file") or _default_file(self.store, kind)
        return self.form_page(request, FormState(kind, file, None, _rich(kind, data), "", "", Checked([])))

    def form_page(
        self,
        request: Request,
        state: FormState,
        *,
        flash: str = "",
        bad: bool = False,
        extra: str = "",
        status: int = 200,
    ) -> Response:
        kind, file, record, data = state.kind, state.file, state.record, state.data
        etag, digest, checked, draft = state.etag, state.digest, state.checked, state.draft
        by_field: dict[str, list[str]] = {}
        for f in checked.findings:
            by_field.setdefault(field_of(f), []).append(
                f'<a href="/explain/{esc(f.code)}"><code>{esc(f.code)}</code></a> {esc(f.message)}'
            )
        ctx = forms.Context(self.options.read_only, by_field, quote_picker=self.grounding is not None)
        fields = forms.render_form_fields(kind, data, ctx)
        title = data.get("id") or f"New {kind.replace('_', ' ')}"
        hidden = "".join(
            f'<input type="hidden" name="{n}" value="{esc(v)}">'
            for n, v in (
                ("_csrf", self.options.csrf),
                ("_type", kind),
                ("_etag", etag),
                ("_digest", digest),
                ("_index", "" if record is None else record.index),
                ("_orig_id", "" if record is None else record.id or ""),
                ("_draft", draft or ""),
                ("_review", "" if state.review is None else f"{state.review[0]}:{state.review[1]}"),
            )
        )
        if record is None and not self.options.read_only:  # a new record: the file it goes to can be chosen
            files = "".join(f'<option value="{esc(f)}">' for f in self.store.files())
            hidden += (
                '<div class="field" data-path="_file"><label for="f-_file">Save in file</label>'
                f'<input type="text" name="_file" id="f-_file" value="{esc(file)}" list="record-files">'
                '<span class="help">A record file of the directory (.json: added to its list; .jsonl: a new '
                f'line), or a new one.</span></div><datalist id="record-files">{files}</datalist>'
            )
        else:
            hidden += f'<input type="hidden" name="_file" value="{esc(file)}">'
        errors = len(checked.errors)
        verdict = (
            f'<span id="live-verdict" class="badge {"err" if errors else "ok"}">'
            f"{f'{errors} error(s)' if errors else 'valid'}</span>"
        )
        buttons = (
            ""
            if self.options.read_only
            else (
                '<button class="primary" name="_action" value="save">Save</button>'
                '<button name="_action" value="draft" formnovalidate>Keep as draft</button>'
            )
        )
        if state.review is not None and not self.options.read_only:
            buttons = (
                '<button class="primary" name="_action" value="accept" accesskey="a">Accept</button>'
                '<label class="reason">Reason to reject <input type="text" name="_reason" id="f-_reason" '
                'placeholder="e.g. the quote is not in the text"></label>'
                '<button name="_action" value="reject" formnovalidate accesskey="r">Reject</button>'
                f'<a class="button" href="{esc(url("/review/item", f=state.review[0], n=state.review[1] + 1))}" '
                'accesskey="n">Skip</a>'
            )
        where = f"{esc(file)}" + (f", record {record.index} (line {record.line})" if record else " (a new record)")
        timeline = ""
        if record is not None and kind == "negotiation" and record.id:
            timeline = f' <a href="{esc(url("/timeline", process=record.id))}">timeline</a>'
        panel = (
            f'<aside class="panel"><h2>Findings {verdict}</h2><ul class="findings" id="live-findings">'
            + "".join(
                f'<li class="{esc(f.severity.value)}"><a href="/explain/{esc(f.code)}"><code>{esc(f.code)}'
                f"</code></a> {esc(f.message)}</li>"
                for f in checked.findings
            )
            + '</ul><p class="muted small">Checked with every record of the directory, as '
            "<code>peace-talks validate</code> checks it, as you type.</p>" + self._source_panel(data) + "</aside>"
        )
        body = (
            f"{extra}<h1>{esc(title)}</h1><p class=muted>{esc(kind.replace('_', ' '))} in {where}{timeline}</p>"
            f'<div class="layout"><form class="record" method="post" action="/save" data-check="/api/check" '
            f'novalidate>{hidden}{fields}<div class="actions">{buttons}</div></form>{panel}</div>'
        )
        return self.page(str(title), body, request, status, flash=flash, bad=bad)

    async def save(self, request: Request) -> Response:
        """Read the form (here, in the event loop), then do the work in a thread: the page handlers are
        synchronous, so that a long check does not hold up the other requests."""
        try:
            form = await request.form(max_files=0, max_fields=20_000, max_part_size=self.options.max_body)
        except _TooLargeError:
            return _plain("refused: the request is too large", 413)
        if not self._csrf_ok(form, request):
            return _plain("refused: the form's CSRF token is missing or wrong; reload the page", 403)
        return await run_in_threadpool(self.submitted, request, form)

    def submitted(self, request: Request, form: Any) -> Response:
        """What a submitted form asks for: a check, a list button, a draft, a save, or a review answer."""
        action = str(form.get("_action") or "")
        kind = str(form.get("_type") or "")
        if kind not in STARTERS:
            return _plain("unknown record type", 400)
        pairs = [(k, str(v)) for k, v in form.multi_items()]
        node = forms.form_of(kind)
        data = forms.parse_form(node, pairs, kind, SCHEMA_VERSION)
        file = str(form.get("_file") or "")
        etag, digest = str(form.get("_etag") or ""), str(form.get("_digest") or "")
        index_text = str(form.get("_index") or "")
        draft = int(str(form.get("_draft"))) if str(form.get("_draft") or "").isdigit() else None
        try:
            self.store.path(file)
            record = None
            if index_text.isdigit():
                _, record = self.store.find(file, str(form.get("_orig_id") or "") or None, int(index_text))
        except (UnsafePathError, OSError) as exc:
            return _plain(f"refused: {exc}", 400)
        if action == "check":
            checked = self.checker.check(file, record, data)
            return JSONResponse(self._check_json(checked, data, node))
        if action.partition(":")[0] in ("add", "remove", "up", "down", "open"):
            raw = forms.raw_values(node, pairs)
            raw = forms.apply_action(raw, action, node)
            checked = self.checker.check(file, record, data)
            return self.form_page(request, FormState(kind, file, record, raw, etag, digest, checked, draft=draft))
        if self.options.read_only:
            return _plain("refused: started with --read-only", 403)
        checked = self.checker.check(file, record, data)
        if action in ("accept", "reject"):
            return self.review_answer(request, form, FormState(kind, file, None, data, "", "", checked))
        if action == "draft" or not checked.ok:
            if action != "draft":
                raw = forms.raw_values(node, pairs)
                message = (
                    f"Not saved: {len(checked.errors)} error(s). Fix them, or keep the record as a draft (kept "
                    "apart from the files)."
                )
                state = FormState(kind, file, record, raw, etag, digest, checked, draft=draft)
                return self.form_page(request, state, status=422, bad=True, flash=message)
            number = self.store.save_draft(
                {
                    "file": file,
                    "index": record.index if record else None,
                    "etag": etag,
                    "digest": digest,
                    "record": data,
                    "reason": f"{len(checked.errors)} error(s)",
                },
                draft,
            )
            return RedirectResponse(url("/draft", n=number, kept=1), status_code=303)
        return self.write(request, FormState(kind, file, record, data, etag, digest, checked, draft=draft))

    def write(self, request: Request, state: FormState) -> Response:
        """Write a checked record into its file (in place, or added), drop the draft it came from, commit it with
        --git-commit, and go to the record; a conflict draws the form again with the diff."""
        file, record, data = state.file, state.record, state.data
        try:
            if record is None:
                index, _ = self.store.add_record(file, data, state.etag or None)
                verb = "add"
            else:
                self.store.save_record(file, record.id, record.index, data, etag=state.etag, digest=state.digest)
                index = record.index
                verb = "edit"
        except ConflictError as exc:
            return self.conflict(
                request, kind=state.kind, file=file, record=record, mine=data, exc=exc, draft=state.draft
            )
        except StoreError as exc:
            return self.page("Not saved", f"<h1>Not saved</h1><p>{esc(exc)}</p>", request, 409, bad=True)
        if state.draft is not None:
            self.store.drop_draft(state.draft)
        try:
            self.store.commit(file, f"peace-talks serve: {verb} {data.get('id')} in {file}")
        except HistoryError as exc:
            target = url("/record", file=file, index=index, saved=1, uncommitted=str(exc))
            return RedirectResponse(target, status_code=303)
        return RedirectResponse(url("/record", file=file, index=index, saved=1), status_code=303)

    def conflict(
        self,
        request: Request,
        *,
        kind: str,
        file: str,
        record: StoredRecord | None,
        mine: dict[str, Any],
        exc: ConflictError,
        draft: int | None,
    ) -> Response:
        theirs = exc.current
        diff = "".join(
            difflib.unified_diff(
                json.dumps(theirs, ensure_ascii=False, indent=2).splitlines(True) if theirs is not None else [],
                json.dumps(mine, ensure_ascii=False, indent=2).splitlines(True),
                "on disk now",
                "your edit",
            )
        )
        marks = {"+": "add", "-": "del"}
        lines = "".join(f'<span class="{marks.get(line[:1], "")}">{esc(line)}</span>' for line in diff.splitlines(True))
        note = (
            f'<div class="flash bad"><p><strong>Not saved: {esc(exc)}.</strong> Below, what changed between the '
            "record as it is on disk now and your edit. Your edit is in the form again, made from the record as "
            "it is now: save it to put your version in place of the other, or "
            f'<a href="{esc(url("/record", file=file, index=record.index if record else 0))}">reload the record '
            f'as it is on disk</a> to drop yours.</p><pre class="diff">{lines}</pre></div>'
        )
        digest = record_digest(theirs) if theirs is not None else ""
        checked = self.checker.check(file, record, mine)
        return self.form_page(
            request,
            FormState(kind, file, record, _rich(kind, mine), exc.etag, digest, checked, draft=draft),
            extra=note,
            status=409,
        )

    def draft(self, request: Request) -> Response:
        number = request.query_params.get("n", "")
        drafts = self.store.drafts()
        if not number.isdigit() or int(number) not in drafts:
            return self.page("Not found", "<h1>No such draft</h1>", request, 404)
        kept = drafts[int(number)]
        data = kept.get("record") or {}
        kind = data.get("record_type")
        if kind not in STARTERS:
            return self.page("Not found", "<h1>The draft has no record type</h1>", request, 404)
        file = kept.get("file") or _default_file(self.store, kind)
        record = None
        if isinstance(kept.get("index"), int):
            _, record = self.store.find(file, data.get("id"), kept["index"])
        checked = self.checker.check(file, record, data)
        flash = (
            f"Kept as draft {number}: not in {file} until it is saved without errors."
            if request.query_params.get("kept")
            else ""
        )
        return self.form_page(
            request,
            FormState(
                kind,
                file,
                record,
                _rich(kind, data),
                kept.get("etag") or "",
                kept.get("digest") or "",
                checked,
                draft=int(number),
            ),
            flash=flash,
        )

    def _check_json(self, checked: Checked, data: dict[str, Any], node: forms.Node) -> dict[str, Any]:
        return {
            "findings": [
                {
                    "code": f.code,
                    "message": f.message,
                    "severity": f.severity.value,
                    "field": field_of(f),
                    "explain": f"/explain/{f.code}",
                }
                for f in checked.findings
            ],
            "dates": date_previews(node, data),
        }

    def refs(self, request: Request) -> Response:
        """Records of the given types whose id, name, title or other names hold the query: the type-ahead of
        reference fields (at most 12, names that start with the query first)."""
        types = set((request.query_params.get("types") or "").split())
        query = (request.query_params.get("q") or "").strip()
        if not query:
            return JSONResponse([])
        needle = query.casefold()
        found = []
        for r in self._records():
            if r.id and (not types or r.record_type in types) and _matches(r.data, query):
                name = _name(r.data)
                starts = name.casefold().startswith(needle) or r.id.casefold().split(":", 1)[-1].startswith(needle)
                found.append((not starts, r.id, name, r.record_type))
        found.sort()
        return JSONResponse([{"id": i, "name": n, "type": t} for _, i, n, t in found[:12]])

    def timeline(self, request: Request) -> Response:
        from peace_talks_model.timeline import Filters, TimelineError, timeline_html  # noqa: PLC0415
        from peace_talks_model.validation import validate_record  # noqa: PLC0415

        process = request.query_params.get("process") or None
        valid = []
        for r in self._records():
            try:
                valid.append(validate_record(r.data))
            except ValueError:
                continue
        try:
            page = timeline_html(valid, Filters(process=process))
        except TimelineError as exc:
            return self.page("Timeline", f"<h1>Timeline</h1><p>{esc(exc)}</p>", request, 404)
        return HTMLResponse(page)


def _name(data: Any) -> str:
    if not isinstance(data, dict):
        return ""
    for key in ("name", "title", "summary", "topic"):
        value = data.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


def _matches(data: Any, query: str) -> bool:
    """Whether a record's id, name, title or one of its names (aliases, scripts) holds the query (any case)."""
    if not query:
        return True
    needle = query.casefold()
    if not isinstance(data, dict):
        return False
    texts = [data.get(k) for k in ("id", "name", "title", "summary")]
    texts += [n.get("text") if isinstance(n, dict) else n for n in data.get("names", []) or []]
    texts += [t.get("text") if isinstance(t, dict) else t for t in data.get("titles", []) or []]
    return any(isinstance(t, str) and needle in t.casefold() for t in texts)


def _rich(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """The record as its form shows it: validated and dumped in the rich forms (a date as its object), when it
    validates as a model; as written otherwise."""
    from peace_talks_model.models import MODEL_BY_TYPE  # noqa: PLC0415
    from peace_talks_model.models.record_base import DATA  # noqa: PLC0415

    try:
        model = MODEL_BY_TYPE[kind].model_validate(data, context=DATA)
    except ValueError:
        return dict(data)
    dumped: dict[str, Any] = model.model_dump(mode="json", exclude_none=True)
    return dumped


def _default_file(store: Store, kind: str) -> str:
    """Where a new record goes by default: the first file whose records are of its type (a list to add to), else
    `<type>s.jsonl` at the top of the directory."""
    for r in store.records():
        if r.record_type == kind and r.pointer != "":
            return r.file
    return f"{kind}s.jsonl"


def date_previews(node: forms.Node, data: Any, path: str = "") -> dict[str, str]:
    """For each fuzzy date of a record (form path -> text): its earliest and latest day, with weekdays, or why
    the EDTF is not a date."""
    found: dict[str, str] = {}
    if node.kind == "object" and isinstance(data, dict):
        if node.date:
            edtf = data.get("edtf")
            if isinstance(edtf, str) and edtf:
                found[path] = _bounds_text(edtf)
            return found
        for child in node.children:
            found.update(date_previews(child, data.get(child.name), f"{path}.{child.name}" if path else child.name))
    elif node.kind == "list" and isinstance(data, list):
        for i, item in enumerate(data):
            found.update(date_previews(node.children[0], item, f"{path}.{i}"))
    return found


def _bounds_text(edtf: str) -> str:
    try:
        parsed = parse_edtf(edtf)
    except EdtfError as exc:
        return f"not a date: {exc}"
    start, end = parsed.start, parsed.end
    low = start.earliest if start else None
    high = end.latest if end else None

    def day(d: Any) -> str:
        return f"{d.isoformat()} ({d.strftime('%a')})" if d else "open"

    if low == high and low is not None:
        return f"{day(low)}"
    return f"earliest {day(low)}, latest {day(high)}"


def _evidence(data: Any) -> list[dict[str, Any]]:
    """Every evidence item of a record, wherever it is."""
    found: list[dict[str, Any]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "evidence" and isinstance(value, list):
                found += [e for e in value if isinstance(e, dict)]
            else:
                found += _evidence(value)
    elif isinstance(data, list):
        for item in data:
            found += _evidence(item)
    return found


def _marks(grounding: Grounding | None, source: str, data: dict[str, Any]) -> list[list[int]]:
    """The spans (code points of the raw text) of the record's quotes from `source`: their offsets when they
    select the quote, else where the quote is found (as the grounding check finds it); quotes not in the text are
    not marked."""
    from peace_talks_model.grounding import load_text as load_source  # noqa: PLC0415
    from peace_talks_model.grounding import normalise_quote  # noqa: PLC0415

    path = grounding.path_for(source) if grounding is not None else None
    text = load_source(path) if path else None
    if text is None or isinstance(text, str):
        return []
    spans = []
    for item in _evidence(data):
        quote = item.get("quote")
        if item.get("source") != source or not isinstance(quote, str) or not quote:
            continue
        start, end = item.get("start"), item.get("end")
        wanted = normalise_quote(quote)
        if isinstance(start, int) and isinstance(end, int) and text.selects(start, end, wanted):
            spans.append([start, end])
            continue
        at = text.find(wanted)
        if at >= 0:
            raw_start, raw_end = text.raw_span(at, at + len(wanted))
            spans.append([raw_start, raw_end])
    return spans


def create_app(options: ServeOptions) -> Any:
    """The ASGI app of `peace-talks serve` (the routes of `App` behind `Guard`)."""
    routes = App(options)

    app = Starlette(
        routes=[
            Route("/", routes.overview),
            Route("/records", routes.records),
            Route("/record", routes.record),
            Route("/new", routes.new),
            Route("/check", routes.check_page),
            Route("/drafts", routes.drafts),
            Route("/draft", routes.draft),
            Route("/explain/{code}", routes.explain),
            Route("/timeline", routes.timeline),
            Route("/api/refs", routes.refs),
            Route("/api/text", routes.text),
            Route("/review", routes.review_index),
            Route("/review/item", routes.review_item),
            Route("/save", routes.save, methods=["POST"]),
            Route("/api/check", routes.save, methods=["POST"]),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
    )
    app.state.serve = routes
    return Guard(app, options)


__all__ = ["Finding", "ServeOptions", "create_app"]
