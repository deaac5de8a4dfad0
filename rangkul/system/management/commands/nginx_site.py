from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rangkul.system.nginx import Site, render


class Command(BaseCommand):
    help = "Print the nginx site for a deployment (see docs/deploy.md)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--upstream",
            action="append",
            required=True,
            help="An app server as host:port; repeat for each one.",
        )
        parser.add_argument("--server-name", required=True, help="e.g. rangkul.disdik.go.id")
        parser.add_argument(
            "--static-root", required=True, help="Where collectstatic put the files."
        )
        parser.add_argument("--tls-certificate", default="", help="Certificate chain file.")
        parser.add_argument("--tls-certificate-key", default="", help="Its private key file.")

    def handle(self, *args: Any, **options: Any) -> None:
        if bool(options["tls_certificate"]) != bool(options["tls_certificate_key"]):
            raise CommandError("Give both --tls-certificate and --tls-certificate-key.")
        site = Site(
            upstreams=options["upstream"],
            server_name=options["server_name"],
            static_root=options["static_root"],
            tls_certificate=options["tls_certificate"],
            tls_certificate_key=options["tls_certificate_key"],
        )
        self.stdout.write(render(site), ending="")
