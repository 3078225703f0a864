"""`peace-talks serve`: parses the options and runs the app of `peace_talks_model.serve` on uvicorn."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Annotated

import typer

from peace_talks_model.cli._common import PROG, fail
from peace_talks_model.errors import ExitStatus


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    directory: Annotated[Path, typer.Argument(help="The directory of record files to browse and edit.")],
    texts: Annotated[
        Path | None, typer.Option("--texts", help="The source texts (as `validate --texts`): quotes are checked.")
    ] = None,
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="The port to listen on.")] = 8765,
    read_only: Annotated[bool, typer.Option("--read-only", help="Browse and check only; refuse every write.")] = False,
    allow_remote: Annotated[
        bool,
        typer.Option(
            "--allow-remote", help="Allow a --host other than loopback; the app then needs the token it prints."
        ),
    ] = False,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the app in the default web browser.")] = False,
    git_commit: Annotated[
        bool,
        typer.Option("--git-commit", help="One git commit per save (DIRECTORY must be in a git repository)."),
    ] = False,
    review: Annotated[
        list[Path] | None,
        typer.Option(
            "--review",
            help="A file of records to review one by one (an extraction result in the LLM profile, or records): "
            "accept into DIRECTORY, edit, or reject with a reason. Repeatable; the file is only read.",
        ),
    ] = None,
) -> None:
    """Serve a local web app over DIRECTORY: browse records by type, search, see each record's findings, and edit
    or create records in forms made from the models, checked as you type with the whole directory (as `validate`
    checks it). The files stay the store: saves are atomic and in place, keep formatting and key order, and are
    refused when the record changed on disk meanwhile; a record with errors can only be kept as a draft.
    Binds to 127.0.0.1; another host needs --allow-remote and the printed token (docs/serve.md).
    Exit status: 0 stopped; 2 usage error (a remote host without --allow-remote); 3 DIRECTORY cannot be read or
    the port cannot be opened; 4 internal error."""
    try:
        import uvicorn

        from peace_talks_model.serve.app import ServeOptions, create_app
    except ImportError as exc:
        fail(
            f"{PROG} serve: needs the 'serve' extra ({exc.name} is not installed): "
            "pip install 'peace-talks-model[serve]'",
            ExitStatus.INPUT,
        )
    if not directory.is_dir():
        fail(f"{PROG} serve: {directory} is not a directory", ExitStatus.INPUT)
    if not _loopback(host) and not allow_remote:
        raise typer.BadParameter(
            f"{host} is not a loopback address: anyone who reaches it could read and change the records; "
            "add --allow-remote (the app then asks for the token it prints)",
            param_hint="--host",
        )
    for path in review or []:
        if not path.is_file():
            fail(f"{PROG} serve: --review {path}: no such file", ExitStatus.INPUT)
    options = ServeOptions(
        directory,
        texts=texts,
        read_only=read_only,
        allow_remote=allow_remote,
        review=tuple(review or ()),
        history=git_commit,
    )
    from peace_talks_model.serve.review import ReviewFileError
    from peace_talks_model.serve.store import HistoryError

    try:
        app = create_app(options)
    except HistoryError as exc:
        fail(f"{PROG} serve: --git-commit: {directory} is not in a git repository ({exc})", ExitStatus.INPUT)
    except (ReviewFileError, OSError) as exc:
        fail(f"{PROG} serve: --review: {exc}", ExitStatus.INPUT)
    # the socket is opened here, so that a port in use is a one-line message and exit 3
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host.strip("[]"), port))
    except OSError as exc:
        listener.close()
        fail(f"{PROG} serve: cannot listen on {host}:{port}: {exc.strerror or exc}", ExitStatus.INPUT)
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{listener.getsockname()[1]}/"
    if allow_remote:
        address += f"?token={options.token}"
    typer.echo(f"{PROG} serve: {directory} at {address}{' (read-only)' if read_only else ''}; Ctrl-C stops", err=True)
    if open_browser:
        import webbrowser

        webbrowser.open(address)
    config = uvicorn.Config(app, log_level="warning", server_header=False)
    uvicorn.Server(config).run(sockets=[listener])
