from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rangkul.safety.detection.corpus import CorpusError
from rangkul.safety.detection.learned import ARTEFACT_PATH
from rangkul.safety.detection.training import save, train


class Command(BaseCommand):
    help = (
        "Train the crisis-detection model from the labelled corpus in the repository, choose "
        "its thresholds on the validation split and write the artefact (reproducible)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--output", default=str(ARTEFACT_PATH), help="Where to write the artefact."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Train and report, write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            trained = train(progress=self.stdout.write)
        except CorpusError as error:
            raise CommandError(f"The corpus cannot be read: {error}") from error
        version = trained.artefact["version"]
        if options["dry_run"]:
            self.stdout.write(f"model {version} trained; nothing written (--dry-run)")
            return
        output = Path(options["output"])
        path = save(trained, output, output.with_suffix(".pipeline.joblib"))
        self.stdout.write(self.style.SUCCESS(f"model {version} written to {path}"))
        self.stdout.write("Run bench/safety_eval.py for the figures on every split.")
