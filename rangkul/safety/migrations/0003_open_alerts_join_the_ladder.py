from django.db import migrations
from django.utils import timezone


def join_the_ladder(apps, schema_editor):
    """Alerts still open from before the ladder existed escalate at the next run of the
    periodic job, so none stays unnoticed."""
    Alert = apps.get_model("safety", "Alert")
    Alert.objects.filter(status="open", next_escalation_at__isnull=True).update(
        next_escalation_at=timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [("safety", "0002_duty_roster_escalation_phrases_resources")]

    operations = [migrations.RunPython(join_the_ladder, migrations.RunPython.noop)]
