"""The exit statuses of `peace-talks` (`ExitStatus`) and the library's error hierarchy, each error carrying the
status it means: `UsageError` (2), `InputError` (3: an input that cannot be read, an output that cannot be
written), `InvalidRecords` (1) and `InternalError` (4), under `PeaceTalksError`.

Library code raises these (or exceptions derived from them); the command line maps any of them to its exit status
and a one-line message, and any other exception to `ExitStatus.INTERNAL`. Nothing here prints.
"""

from __future__ import annotations

from enum import IntEnum
from typing import ClassVar


class ExitStatus(IntEnum):
    """The exit status of every `peace-talks` command; each value means the same thing in every command."""

    #: Done: every record valid (warnings allowed unless --strict), everything written.
    OK = 0
    #: At least one record (or file structure) is invalid, or something could not be carried over (listed).
    INVALID = 1
    #: The command line was wrong.
    USAGE = 2
    #: An input could not be read or parsed, or an output could not be written.
    INPUT = 3
    #: The program itself failed.
    INTERNAL = 4
    #: The reader of standard output went away (`peace-talks explain --list | head -3`): the command stops
    #: quietly, with the status a shell gives a command ended by SIGPIPE (128 + 13), as `cat` and `grep` do.
    PIPE_CLOSED = 141


class PeaceTalksError(Exception):
    """An error of this library: its class says which `ExitStatus` it means, its text what went wrong (one line).

    `details` are lines that say more (the findings behind an invalid input), shown before the message.
    """

    exit_status: ClassVar[ExitStatus] = ExitStatus.INTERNAL
    details: tuple[str, ...] = ()


class UsageError(PeaceTalksError):
    """A request the library cannot carry out as asked (an option that does not fit the input): exit status 2."""

    exit_status = ExitStatus.USAGE


class InputError(PeaceTalksError):
    """An input that cannot be read or is not what was expected, or an output that cannot be written: exit status 3."""

    exit_status = ExitStatus.INPUT


class InvalidRecords(PeaceTalksError):  # noqa: N818 - named for what it reports, as ExitStatus.INVALID
    """Records that are not valid (or give nothing to work with), so nothing was done with them: exit status 1."""

    exit_status = ExitStatus.INVALID


class InternalError(PeaceTalksError):
    """A failure of the library itself, not of its input: exit status 4."""

    exit_status = ExitStatus.INTERNAL
