"""Search index (docs/portal.md). PostgreSQL: a stored generated column ``search_vector`` holding the tokens of
``search_text`` as a tsvector, with a GIN index; built with ``array_to_tsvector`` so that no text-search parser
touches the Chinese bigrams. SQLite searches ``search_text`` with LIKE and needs nothing here."""

from django.db import migrations, models

FORWARD = [
    "ALTER TABLE portal_publisheddecision ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(array_to_tsvector(string_to_array(search_text, ' '))) STORED",
    "CREATE INDEX portal_decision_search ON portal_publisheddecision USING gin (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS portal_decision_search",
    "ALTER TABLE portal_publisheddecision DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [
        migrations.AddIndex(
            model_name="publisheddecision",
            index=models.Index(fields=["-published_at", "-id"], name="portal_decision_published"),
        ),
        migrations.AddIndex(
            model_name="publisheddecision",
            index=models.Index(
                condition=models.Q(("withdrawn_at__isnull", False)),
                fields=["-withdrawn_at", "-id"],
                name="portal_decision_withdrawn",
            ),
        ),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
