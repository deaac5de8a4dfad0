"""The database cache table (rate-limit counters, cached phrase lists) is made by
`migrate`, so no deployment step can forget it. Django's command is idempotent and makes
only the tables of database caches in CACHES; with Redis configured it does nothing."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("system", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
