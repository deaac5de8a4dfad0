"""The client address behind a reverse proxy: the header is believed from trusted proxies only."""

import pytest
from django.test import Client, RequestFactory, override_settings

from rangkul.audit.models import AuditEvent
from rangkul.lib.client_ip import client_ip, parse_networks

PROXY = parse_networks(["10.0.0.0/8"])


def address(remote: str, forwarded: str | None = None, networks=PROXY) -> str | None:
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    with override_settings(TRUSTED_PROXY_NETWORKS=networks):
        return client_ip(RequestFactory().get("/", **meta))


def test_without_a_trusted_proxy_the_header_is_ignored():
    assert address("203.0.113.9", "198.51.100.1", networks=[]) == "203.0.113.9"


def test_a_request_not_from_the_proxy_cannot_forge_its_address():
    assert address("203.0.113.9", "198.51.100.1") == "203.0.113.9"


def test_the_proxy_passes_on_the_client():
    assert address("10.0.0.2", "198.51.100.7") == "198.51.100.7"


def test_a_forged_entry_at_the_left_is_skipped():
    assert address("10.0.0.2", "1.2.3.4, 198.51.100.7") == "198.51.100.7"


def test_chained_trusted_proxies_are_walked_through():
    assert address("10.0.0.2", "198.51.100.7, 10.1.1.1") == "198.51.100.7"


def test_garbage_in_the_header_stops_at_the_last_vouched_address():
    assert address("10.0.0.2", "198.51.100.7, not-an-ip") == "10.0.0.2"
    assert address("10.0.0.2", "[2001:db8::1]:443") == "2001:db8::1"


@pytest.mark.django_db
def test_the_audit_trail_and_lockout_use_the_client_behind_the_proxy(school):
    with override_settings(TRUSTED_PROXY_NETWORKS=PROXY, AXES_FAILURE_LIMIT=2):
        client = Client(REMOTE_ADDR="10.0.0.2")
        for _ in range(2):
            client.post(
                "/login/", {"username": "konselor1", "password": "x"},
                HTTP_X_FORWARDED_FOR="198.51.100.7",
            )  # fmt: skip
        event = AuditEvent.objects.filter(verb="auth.login_failed").first()
        assert event.client_ip == "198.51.100.7"
        # Another client behind the same proxy is not locked out by the first one's failures.
        from conftest import PASSWORD

        response = client.post(
            "/login/", {"username": "konselor1", "password": PASSWORD},
            HTTP_X_FORWARDED_FOR="198.51.100.8",
        )  # fmt: skip
        assert response.status_code == 302
