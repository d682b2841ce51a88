"""Template filters of the portal: the structured content of a registry version as plain semantic HTML."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join, linebreaks

register = template.Library()


def _html(value, depth: int = 0):
    if isinstance(value, dict):
        return format_html(
            "<dl>{}</dl>",
            format_html_join(
                "", "<dt>{}</dt><dd>{}</dd>", ((k, _html(v, depth + 1)) for k, v in value.items())
            ),
        )
    if isinstance(value, list):
        if value and all(isinstance(item, dict) for item in value):
            return _table(value, depth)
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((_html(v, depth + 1),) for v in value))
        )
    if value is None:
        return ""
    return linebreaks(str(value), autoescape=True) if "\n" in str(value) else format_html("{}", value)


def _table(rows: list[dict], depth: int):
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    head = format_html_join("", '<th scope="col">{}</th>', ((c,) for c in columns))
    body = format_html_join(
        "", "<tr>{}</tr>",
        ((format_html_join("", "<td>{}</td>", ((_html(row.get(c), depth + 1),) for c in columns)),) for row in rows),
    )  # fmt: skip
    return format_html(
        '<div class="table-wrap"><table><thead><tr>{}</tr></thead><tbody>{}</tbody></table></div>', head, body
    )


@register.filter
def registry_html(value):
    """Dicts become definition lists, lists of records tables, other lists bulleted lists; text is escaped."""
    return _html(value)
