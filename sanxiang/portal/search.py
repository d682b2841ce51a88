"""Chinese text search over published decisions (owned by the portal; the publisher calls ``search_text_for``)."""

from __future__ import annotations


def search_text_for(
    *, number: str, party_name: str, violation_type: str, penalty_content: str, text: str
) -> str:
    """The text indexed for search, derived only from the public fields of a published decision."""
    return "\n".join([number, party_name, violation_type, penalty_content, text])
