"""Create the log head with the hash chosen for this deployment, and the append-only triggers."""

from django.conf import settings
from django.db import migrations

from sanxiang.records import merkle, protection


def create_head(apps, schema_editor):
    LogHead = apps.get_model("records", "LogHead")
    if not LogHead.objects.filter(pk=1).exists():
        hash_name = settings.LOG_HASH
        LogHead.objects.create(
            pk=1, hash_name=hash_name, size=0, frontier="", root_hash=merkle.Hasher(hash_name).empty_root().hex()
        )


def install_triggers(apps, schema_editor):
    protection.install(schema_editor.connection)


def remove_triggers(apps, schema_editor):
    protection.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [
        migrations.RunPython(create_head, migrations.RunPython.noop),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
