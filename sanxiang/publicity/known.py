"""What the case record knows of the people in a decision, for the redaction engine (``redaction.Known``).

Every personal value of the parties, witnesses and other people named in the case's activities is handed to
the engine, so that it is masked wherever it appears, in any variant (政府信息公开条例第三十七条 区分处理).
An organisation party's registered address and credit code are not personal and stay; its legal
representative is a person. Officers are not listed: their names and certificate numbers are public (亮证).
"""

from __future__ import annotations

import re

from sanxiang.publicity import conf, redaction

NAME_TOKEN = re.compile(r"^[\u4e00-\u9fff·]{2,5}$")
SEPARATORS = re.compile(r"[、，,；;：:\s（）()]+")


def _values(*items: str) -> list[str]:
    return [v.strip() for v in items if v and v.strip()]


def participant_names(text: str) -> list[str]:
    """Names in an activity's 其他参加人 field (“见证人：李四、王五”): tokens that look like a person's name."""
    words = [w for w in SEPARATORS.split(text or "") if w]
    return [w for w in words if NAME_TOKEN.match(w) and not w.endswith(("人", "员", "者", "方", "证"))]


def known_for_case(case) -> redaction.Known:
    persons: list[redaction.KnownPerson] = []
    organisations: list[str] = []
    for party in case.parties.order_by("id"):
        if party.kind == "person":
            persons.append(redaction.KnownPerson(
                name=party.name, role="party", id_numbers=_values(party.id_number), phones=_values(party.contact),
                addresses=_values(party.address),
            ))  # fmt: skip
            continue
        organisations.append(party.name)
        if party.legal_representative:
            persons.append(
                redaction.KnownPerson(
                    name=party.legal_representative,
                    role="legal_representative",
                    phones=_values(party.contact),
                )
            )
    named = {p.name for p in persons}
    others: list[str] = []
    for activity in case.activities.order_by("id"):
        others += participant_names(activity.other_participants)
        for signature in activity.signatures.exclude(signer="officer"):
            others += _values(signature.signer_name, signature.refusal_witness)
    for name in dict.fromkeys(others):
        if name not in named:
            named.add(name)
            persons.append(redaction.KnownPerson(name=name, role="witness"))
    return redaction.Known(persons=persons, organisations=organisations)


def policy() -> redaction.Policy:
    return redaction.Policy(
        mask_party_name=conf.mask_party_name(),
        mask_legal_representative_name=conf.mask_legal_representative_name(),
        detect_unknown_names=True,
    )
