"""The HTML pages of `peace-talks serve`, drawn on the server (no template engine: small functions, every text taken
from records escaped). The pages load only the app's own stylesheet and script (`static/`); each works without
the script."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from peace_talks_model.report import Finding


def esc(value: Any) -> str:
    """Text for HTML (quotes escaped too)."""
    return html.escape(str(value), quote=True)


def url(path: str, **params: Any) -> str:
    """A URL of the app with query parameters (None left out)."""
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"{path}?{query}" if query else path


def layout(title: str, body: str, *, read_only: bool, query: str = "", flash: str = "", bad: bool = False) -> str:
    """A whole page: the bar (home, record types, search), an optional message, and `body`."""
    mode = '<span class="badge ro" title="started with --read-only">read-only</span>' if read_only else ""
    message = f'<p class="flash{" bad" if bad else ""}" role="status">{esc(flash)}</p>' if flash else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{esc(title)} - peace-talks serve</title><link rel="stylesheet" href="/static/app.css"></head><body>'
        '<header class="top"><a class="home" href="/">peace-talks serve</a><nav>'
        '<a href="/records">Records</a><a href="/check">Check</a><a href="/drafts">Drafts</a></nav>'
        f"{mode}"
        '<form class="search" action="/records" method="get" role="search">'
        f'<input type="search" name="q" value="{esc(query)}" placeholder="Search ids, names, aliases, titles" '
        'aria-label="Search records"><button>Search</button></form></header>'
        f"<main>{message}{body}</main>"
        '<script src="/static/app.js" defer></script></body></html>'
    )


def finding_item(finding: Finding, file: str | None = None) -> str:
    """A finding as a list item: its code (linking to the explanation), the message, and where."""
    where = (
        f' <span class="muted small">{esc(file)}{":" + str(finding.line) if finding.line else ""}</span>'
        if file
        else ""
    )
    path = f' <span class="muted small">at {esc(finding.path)}</span>' if finding.path else ""
    return (
        f'<li class="{esc(finding.severity.value)}"><a href="/explain/{esc(finding.code)}"><code>{esc(finding.code)}'
        f"</code></a> {esc(finding.message)}{path}{where}</li>"
    )


def findings_list(findings: Iterable[Finding], files: Mapping[int, str] | None = None) -> str:
    items = "".join(finding_item(f, (files or {}).get(id(f))) for f in findings)
    return f'<ul class="findings">{items}</ul>' if items else ""


def table(
    headers: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = (), narrow: bool = False
) -> str:
    """A table whose cells are HTML already (`numeric`: the columns aligned right)."""
    head = "".join(f"<th{' class=n' if i in numeric else ''}>{esc(h)}</th>" for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f"<td{' class=n' if i in numeric else ''}>{cell}</td>" for i, cell in enumerate(row)) + "</tr>"
        for row in rows
    )
    return (
        f'<table class="list{" narrow" if narrow else ""}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )
