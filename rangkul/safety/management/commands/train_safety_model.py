from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rangkul.safety.detection.corpus import CorpusError
from rangkul.safety.detection.learned import (
    ARTEFACT_PATH,
    EMBEDDING_ARTEFACT_PATH,
    EMBEDDING_PIPELINE_PATH,
    PIPELINE_PATH,
)
from rangkul.safety.detection.training import (
    EMBEDDING_CACHE,
    Trained,
    save,
    train,
    training_embedder,
)


class Command(BaseCommand):
    help = (
        "Train the crisis-detection models (n-grams with sentence embeddings, and the n-gram "
        "fallback) from the labelled data in the repository, choose their thresholds on "
        "out-of-fold predictions and write both artefacts (reproducible)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--output-dir",
            default=str(ARTEFACT_PATH.parent),
            help="Where to write the artefacts.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Train and report, write nothing."
        )
        parser.add_argument(
            "--no-embedding-cache",
            action="store_true",
            help=f"Embed every text again instead of reading {EMBEDDING_CACHE.name}.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            embedder = training_embedder(None if options["no_embedding_cache"] else EMBEDDING_CACHE)
        except Exception as error:
            raise CommandError(
                f"The sentence embedding engine cannot be loaded ({error}); both models are "
                "trained together, so nothing was written."
            ) from error
        try:
            self.stdout.write("n-gram model (the fallback):")
            ngram = train(progress=self.stdout.write)
            self.stdout.write("n-gram and sentence embedding model:")
            embedded = train(embedder=embedder, progress=self.stdout.write)
        except CorpusError as error:
            raise CommandError(f"The corpus cannot be read: {error}") from error
        if options["dry_run"]:
            for trained in (ngram, embedded):
                self.stdout.write(f"model {_version(trained)} trained; nothing written (--dry-run)")
            return
        directory = Path(options["output_dir"])
        for trained, artefact, pipeline in (
            (ngram, ARTEFACT_PATH, PIPELINE_PATH),
            (embedded, EMBEDDING_ARTEFACT_PATH, EMBEDDING_PIPELINE_PATH),
        ):
            path = save(trained, directory / artefact.name, directory / pipeline.name)
            self.stdout.write(self.style.SUCCESS(f"model {_version(trained)} written to {path}"))
        self.stdout.write(
            "Run bench/safety_eval.py and bench/safety_cross_author.py for the figures."
        )


def _version(trained: Trained) -> str:
    return str(trained.artefact["version"])
