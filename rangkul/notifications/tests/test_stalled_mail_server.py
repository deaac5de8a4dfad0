"""A mail server that accepts the connection and then says nothing must not stop the school:
help requests are saved while the delivery waits for its timeout."""

import socket
import threading
from collections.abc import Iterator

import pytest
from django.db import connection

from rangkul.cases.models import SupportRequest
from rangkul.cases.services import submit_request
from rangkul.notifications.models import Delivery, DeliveryStatus, Kind
from rangkul.notifications.services import notify
from rangkul.notifications.tasks import deliver


class StallingSmtpServer:
    """A real TCP server on loopback that accepts and never sends the SMTP greeting."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.port = self.sock.getsockname()[1]
        self.connected = threading.Event()
        self.release = threading.Event()
        self.clients: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.release.is_set():
            try:
                client, _addr = self.sock.accept()
            except OSError:
                return
            self.clients.append(client)
            self.connected.set()

    def close(self) -> None:
        self.release.set()
        for client in self.clients:
            client.close()
        self.sock.close()


@pytest.fixture
def stalling_smtp(settings) -> Iterator[StallingSmtpServer]:
    server = StallingSmtpServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 3
    yield server
    server.close()


@pytest.mark.django_db(transaction=True)
def test_help_requests_are_saved_while_the_mail_server_stalls(school, stalling_smtp):
    notify([school.koordinator], kind=Kind.ROLE_GRANTED, organisation=school.org)
    delivery = Delivery.objects.get(notification__recipient=school.koordinator)
    outcome: list[str] = []

    def worker() -> None:
        try:
            outcome.append(deliver.call(str(delivery.pk)))
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    assert stalling_smtp.connected.wait(5), "the worker never reached the mail server"
    # The worker now waits on the silent server. A student asks for help meanwhile.
    request = submit_request(
        by=school.siswa, organisation=school.org, domain="learning", urgency="low",
        text="Aku bingung soal tugas kelompok", helper_choice="counselor",
    )  # fmt: skip
    assert SupportRequest.objects.filter(pk=request.pk).exists()
    assert thread.is_alive(), "the request was saved while the mail server was still silent"
    thread.join(10)
    assert outcome == ["retry"]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert delivery.last_error in ("TimeoutError", "SMTPServerDisconnected")
