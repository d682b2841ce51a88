"""Rendering a document from its context: the .docx (docxtpl, Jinja2 in strict mode) and the template check.

``DocumentContext`` is what a document says, independent of where it came from (``context.py`` maps a case to
it). :func:`template_values` turns it into the names a template may use (docs/documents.md lists them);
:func:`render_docx` fills a template; :func:`check_template` tells what is wrong with an uploaded one.
Placeholders that the context does not have are errors (``StrictUndefined``), never silently blank.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from decimal import Decimal

import jinja2
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage, Listing

from sanxiang.documents import amounts, remedies

DRAFT_NUMBER = "（签发时编号）"


@dataclass
class Party:
    """当事人 as printed: name, kind, identity (统一社会信用代码 or 身份证号), representative, address, phone."""

    name: str = ""
    kind_label: str = ""
    identity_label: str = ""
    identity: str = ""
    legal_representative: str = ""
    address: str = ""
    contact: str = ""


@dataclass
class Officer:
    name: str = ""
    certificate_number: str = ""


@dataclass
class SignatureEntry:
    """A signature captured on site (PNG) or the recorded refusal (拒绝签名) with its witness."""

    role: str = ""
    name: str = ""
    png: bytes | None = None
    refused: bool = False
    refusal_witness: str = ""
    signed_on: dt.date | None = None


@dataclass
class Item:
    """One line of an 物品清单."""

    name: str = ""
    specification: str = ""
    quantity: str = ""
    note: str = ""


@dataclass
class Activity:
    place: str = ""
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    record: str = ""
    participants: str = ""


@dataclass
class DocumentContext:
    """Everything a document may print. Dates are local dates; amounts are Decimal yuan."""

    type_code: str
    title: str
    agency_name: str
    agency_short_name: str = ""
    field_abbreviation: str = ""
    number: str = ""
    issued_on: dt.date | None = None
    case_number: str = ""
    cause: str = ""
    procedure_label: str = ""
    party: Party = field(default_factory=Party)
    facts: str = ""
    evidence: list[str] = field(default_factory=list)
    violated_provision: str = ""
    penalty_basis: str = ""
    discretion: str = ""
    penalty_kinds: str = ""
    fine: Decimal = Decimal("0")
    confiscation: Decimal = Decimal("0")
    notice_served_on: dt.date | None = None
    statement_deadline: dt.date | None = None
    hearing_deadline: dt.date | None = None
    hearing_on: dt.date | None = None
    hearing_place: str = ""
    decided_on: dt.date | None = None
    served_on: dt.date | None = None
    service_method: str = ""
    reconsideration_body: str = ""
    court: str = ""
    bank: str = ""
    activity: Activity = field(default_factory=Activity)
    officers: list[Officer] = field(default_factory=list)
    signatures: list[SignatureEntry] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    opinion: str = ""
    approval: str = ""
    execution: str = ""


# --- JSON (Document.context) --------------------------------------------------------------------------------


def _encode(value):
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, bytes):
        return {"$base64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    return value


def _decode(value):
    if isinstance(value, dict):
        if len(value) == 1:
            ((tag, raw),) = value.items()
            if tag == "$datetime":
                return dt.datetime.fromisoformat(raw)
            if tag == "$date":
                return dt.date.fromisoformat(raw)
            if tag == "$decimal":
                return Decimal(raw)
            if tag == "$base64":
                return base64.b64decode(raw)
        return {key: _decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


def context_to_json(context: DocumentContext) -> dict:
    return _encode(asdict(context))


def context_from_json(data: dict) -> DocumentContext:
    values = _decode(data)
    values["party"] = Party(**values.get("party", {}))
    values["activity"] = Activity(**values.get("activity", {}))
    values["officers"] = [Officer(**o) for o in values.get("officers", [])]
    values["signatures"] = [SignatureEntry(**s) for s in values.get("signatures", [])]
    values["items"] = [Item(**i) for i in values.get("items", [])]
    return DocumentContext(**values)


# --- the names a template sees ------------------------------------------------------------------------------


def _time(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return f"{remedies.chinese_date(value.date())}{value.hour}时{value.minute:02d}分"


def _multiline(text: str, listing: bool):
    return Listing(text) if listing and "\n" in text else text


def signature_text(entry: SignatureEntry) -> str:
    """What stands in place of the signature image: the name, or the recorded refusal."""
    if entry.refused:
        witness = f"，见证人：{entry.refusal_witness}" if entry.refusal_witness else ""
        return f"{entry.role}拒绝签名（已记录在案{witness}）"
    return entry.name


def template_values(context: DocumentContext, *, image=None, listing: bool = True) -> dict:
    """The placeholders of a template (docs/documents.md, "Placeholders"). ``image(png)`` makes the object a
    template shows for a signature (InlineImage for .docx, a data URI for the HTML preview)."""
    total = context.fine + context.confiscation
    received = context.served_on
    values = {
        "title": context.title,
        "agency_name": context.agency_name,
        "number": context.number or DRAFT_NUMBER,
        "is_draft": not context.number,
        "issued_on": remedies.chinese_date(context.issued_on),
        "case_number": context.case_number,
        "cause": context.cause,
        "procedure": context.procedure_label,
        "party": asdict(context.party),
        "facts": _multiline(context.facts, listing),
        "evidence": list(context.evidence),
        "violated_provision": context.violated_provision,
        "penalty_basis": context.penalty_basis,
        "discretion": _multiline(context.discretion, listing),
        "penalty_kinds": context.penalty_kinds,
        "fine": amounts.rmb_figures(context.fine),
        "fine_capital": amounts.rmb_capital(context.fine),
        "confiscation": amounts.rmb_figures(context.confiscation),
        "confiscation_capital": amounts.rmb_capital(context.confiscation),
        "total": amounts.rmb_figures(total),
        "total_capital": amounts.rmb_capital(total),
        "has_fine": context.fine > 0,
        "has_confiscation": context.confiscation > 0,
        "notice_served_on": remedies.chinese_date(context.notice_served_on),
        "statement_deadline": remedies.chinese_date(context.statement_deadline),
        "hearing_deadline": remedies.chinese_date(context.hearing_deadline),
        "hearing_on": remedies.chinese_date(context.hearing_on),
        "hearing_place": context.hearing_place,
        "decided_on": remedies.chinese_date(context.decided_on),
        "served_on": remedies.chinese_date(context.served_on),
        "service_method": context.service_method,
        "statement_text": remedies.statement_text(context.statement_deadline),
        "hearing_text": remedies.hearing_text(context.hearing_deadline),
        "remedy_text": remedies.remedy_text(
            received_on=received, reconsideration_body=context.reconsideration_body, court=context.court
        ),
        "payment_text": remedies.payment_text(received_on=received, bank=context.bank),
        "reconsideration_days": remedies.RECONSIDERATION_DAYS,
        "lawsuit_months": remedies.LAWSUIT_MONTHS,
        "activity": {
            "place": context.activity.place,
            "started_at": _time(context.activity.started_at),
            "ended_at": _time(context.activity.ended_at),
            "record": _multiline(context.activity.record, listing),
            "participants": context.activity.participants,
        },
        "officers": [asdict(o) for o in context.officers],
        "officer_names": "、".join(o.name for o in context.officers),
        "signatures": [
            {
                "role": s.role,
                "name": s.name,
                "refused": s.refused,
                "text": signature_text(s),
                "image": image(s.png) if (image and s.png and not s.refused) else "",
                "signed_on": remedies.chinese_date(s.signed_on),
            }
            for s in context.signatures
        ],
        "items": [asdict(i) for i in context.items],
        "opinion": _multiline(context.opinion, listing),
        "approval": _multiline(context.approval, listing),
        "execution": _multiline(context.execution, listing),
    }
    return values


# --- .docx ---------------------------------------------------------------------------------------------------


class CompilingOnceEnvironment(jinja2.Environment):
    """Compiles each distinct template source once. docxtpl hands Jinja2 the XML of every part of the .docx on
    every render; for one template version that XML is the same each time, and compiling it was a third of
    the time of a render (bench/documents.py). Keeps the ``maxsize`` most recently used sources."""

    def __init__(self, *args, maxsize: int = 128, **kwargs):
        super().__init__(*args, **kwargs)
        self._compiled: OrderedDict[str, jinja2.Template] = OrderedDict()
        self._maxsize = maxsize
        self._lock = threading.Lock()

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 - Jinja2's signature
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        with self._lock:
            template = self._compiled.get(source)
            if template is not None:
                self._compiled.move_to_end(source)
                return template
        template = super().from_string(source)  # a syntax error raises here and caches nothing
        with self._lock:
            self._compiled[source] = template
            while len(self._compiled) > self._maxsize:
                self._compiled.popitem(last=False)
        return template


_ENV = CompilingOnceEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)


def jinja_env() -> jinja2.Environment:
    """The one strict, autoescaping environment (compiled templates are shared; Jinja2 templates are safe to
    render from several threads)."""
    return _ENV


def render_docx(template: bytes, context: DocumentContext) -> bytes:
    """The filled-in .docx. Raises :class:`TemplateProblem` when the template does not fit the context."""
    tpl = DocxTemplate(io.BytesIO(template))

    def image(png: bytes):
        return InlineImage(tpl, io.BytesIO(png), height=Mm(12))

    try:
        tpl.render(template_values(context, image=image), jinja_env=jinja_env(), autoescape=True)
    except (jinja2.TemplateError, TypeError, ValueError) as exc:
        raise TemplateProblem([describe_error(exc)]) from exc
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


class TemplateProblem(ValueError):
    """What is wrong with a template, as Chinese sentences naming the placeholder or the broken tag."""

    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


_NO_ATTRIBUTE = re.compile(r"has no attribute '([^']+)'")
_UNDEFINED = re.compile(r"'([^']+)' is undefined")


def describe_error(exc: Exception) -> str:
    message = str(getattr(exc, "message", None) or exc)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"模板语法错误：{message}（请检查 {{{{ }}}} 与 {{% %}} 是否成对、标签名是否拼写正确）"
    if isinstance(exc, jinja2.UndefinedError):
        if match := _UNDEFINED.search(message):
            return f"未知占位符：{match.group(1)}"
        if match := _NO_ATTRIBUTE.search(message):
            return f"未知占位符属性：{match.group(1)}"
        return f"未知占位符：{message}"
    return f"模板无法渲染：{message}"


def check_template(template: bytes, sample: DocumentContext) -> list[str]:
    """Problems of an uploaded template, each naming the placeholder or tag (empty list: it is fine).

    Lists every unknown top-level placeholder at once, then renders against ``sample`` in strict mode to catch
    unknown attributes (``{{ party.nmae }}``) and anything else the renderer refuses."""
    try:
        tpl = DocxTemplate(io.BytesIO(template))
        tpl.init_docx()
    except Exception:  # noqa: BLE001 - any failure to open means the upload is not a usable .docx
        return ["文件不是有效的 .docx 文档（请用 Word 或 WPS 另存为 .docx）。"]
    known = set(template_values(sample))
    try:
        undeclared = tpl.get_undeclared_template_variables(jinja_env())
    except jinja2.TemplateSyntaxError as exc:
        return [describe_error(exc)]
    problems = [f"未知占位符：{name}" for name in sorted(undeclared - known)]
    if problems:
        return problems
    try:
        render_docx(template, sample)
    except TemplateProblem as exc:
        return exc.problems
    return []
