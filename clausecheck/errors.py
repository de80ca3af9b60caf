"""Exit codes and the exceptions that carry them.

Every error a user can meet is a :class:`ClauseCheckError` whose message says what to do
next; the CLI turns it into one line on stderr and its exit code. Pipelines depend on these
numbers, so they live in one enum (as in OCRmyPDF's ``exceptions.py``).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    GAPS_FOUND = 1
    USAGE = 2
    INPUT_UNREADABLE = 3
    LIBRARY_INVALID = 4
    INTERRUPTED = 130


class ClauseCheckError(Exception):
    """Base of all expected failures; ``exit_code`` tells the CLI how to end."""

    exit_code: ExitCode = ExitCode.USAGE


class UsageError(ClauseCheckError):
    exit_code = ExitCode.USAGE


class InputError(ClauseCheckError):
    """The input could not be read. ``status`` is the document status reported for it."""

    exit_code = ExitCode.INPUT_UNREADABLE

    def __init__(self, message: str, status: str = "unreadable") -> None:
        super().__init__(message)
        self.status = status


class EncryptedInputError(InputError):
    def __init__(self, message: str) -> None:
        super().__init__(message, status="encrypted")


class MissingToolError(InputError):
    """A system tool (LibreOffice, Tesseract) is needed to read this input and is absent."""

    def __init__(self, message: str, status: str = "needs_tool") -> None:
        super().__init__(message, status=status)


class LibraryError(ClauseCheckError):
    """The clause library is invalid. ``problems`` lists every problem, each with file:line."""

    exit_code = ExitCode.LIBRARY_INVALID

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            f"clause library is invalid ({len(problems)} problem(s)):\n  " + "\n  ".join(problems)
        )
