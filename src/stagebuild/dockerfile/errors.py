"""The one error type of the Dockerfile front end: a message tied to a file and a line."""

from __future__ import annotations


class DockerfileError(Exception):
    """Bad Dockerfile input; ``str()`` gives ``FILE:LINE: message`` so the user can find it.

    ``line`` is 1-based and ``None`` when no line applies (an empty file is still reported at the
    last line read, like BuildKit does).
    """

    def __init__(self, message: str, *, filename: str = "Dockerfile", line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.filename = filename
        self.line = line

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.filename}: {self.message}"
        return f"{self.filename}:{self.line}: {self.message}"
