from dataclasses import replace
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rangkul.system.synthetic import SCALES, generate


class Command(BaseCommand):
    help = (
        "Generate a synthetic school (2,000 students) or district (100,000 students in 50 "
        "schools and 5 community organisations, 1,000,000 screening responses) for "
        "measurement. Batched; the same --seed gives the same rows."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="school")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--prefix",
            default="sint",
            help="Prefix of usernames and organisation names (run twice with two prefixes).",
        )
        parser.add_argument(
            "--password", default="", help="Password of the staff accounts (none: unusable)."
        )
        for name in (
            "schools",
            "communities",
            "students",
            "requests",
            "cases",
            "messages",
            "notes",
            "activities",
            "responses",
        ):
            parser.add_argument(
                f"--{name}", type=int, help=f"Override the scale's number of {name}."
            )

    def handle(self, *args: Any, **options: Any) -> None:
        scale = SCALES[options["scale"]]
        overrides = {
            k: options[k]
            for k in scale.__dataclass_fields__
            if k in options and options[k] is not None
        }
        if any(v < 0 for v in overrides.values()):
            raise CommandError("Counts must not be negative.")
        scale = replace(scale, **overrides)
        verbose = options["verbosity"] > 1
        report = generate(
            scale,
            seed=options["seed"],
            prefix=options["prefix"],
            password=options["password"] or None,
            out=(lambda s: self.stdout.write(s)) if verbose else (lambda _s: None),
        )
        for name, n in report.rows.items():
            self.stdout.write(f"{name:<28} {n:>10,}")
        total = sum(report.rows.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {total:,} rows in {report.seconds:.1f} s "
                f"({total / max(report.seconds, 1e-9):,.0f} rows/s)."
            )
        )
        if options["password"]:
            self.stdout.write("Staff logins (first organisation):")
            for username, role, org in report.logins[:8]:
                self.stdout.write(f"  {username:<28} {role:<18} {org}")
