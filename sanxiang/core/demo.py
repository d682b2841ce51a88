"""The demo: each domain adds its own content, in the order the workflow needs it.

Every loader is idempotent: running ``sanxiang demo`` twice creates nothing new.
"""

from __future__ import annotations

from django.db import transaction

DEMO_PASSWORD = "Sanxiang@2026"


def load(*, stdout) -> list[tuple[str, str]]:
    """Load every domain's demo content; return (username, description) of the demo logins."""
    from sanxiang.accounts import demo as accounts_demo
    from sanxiang.cases import demo as cases_demo
    from sanxiang.catalog import demo as catalog_demo

    with transaction.atomic():
        accounts = accounts_demo.load_demo(stdout)
        catalog_demo.load_demo(stdout)
    from sanxiang.documents import demo as documents_demo

    documents_demo.load_demo(stdout)  # document types and pre-numbered forms: the demo cases issue documents
    cases_demo.load_demo(stdout)  # each demo case is walked through the services in its own transactions
    from sanxiang.publicity import demo as publicity_demo

    publicity_demo.load_demo(stdout)  # after the documents: disclosures, publications, the registry
    from sanxiang.inspections import demo as inspections_demo

    inspections_demo.load_demo(stdout)  # a committed, drawn and published 双随机 plan
    # A signed checkpoint over everything above, so the public checkpoint page has something to show.
    from sanxiang.records.checkpoints import checkpoint_create

    checkpoint_create()
    return [(username, description) for username, _password, description in accounts]
