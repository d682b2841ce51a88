"""Domain errors a user can cause. Adapters turn them into HTTP 4xx or CLI exit code 2 (style.md rule 10)."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: ``message`` is a complete Chinese sentence saying what is wrong and how to fix it."""

    http_status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    http_status = 400


class NotAllowed(DomainError):
    http_status = 403


class Conflict(DomainError):
    """The request is valid but the object's state forbids it now."""

    http_status = 409
