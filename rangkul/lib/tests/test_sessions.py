"""The database session store with its read prepared (rangkul/lib/sessions.py) reads what
Django's own store reads, and a session of either store is read by the other."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from rangkul.lib.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_live_session_written_by_django_is_read_with_its_data():
    theirs = db.SessionStore()
    theirs["rangkul_organisation"] = "x"
    theirs.create()
    ours = SessionStore(theirs.session_key)
    assert ours.load() == {"rangkul_organisation": "x"}
    assert ours.session_key == theirs.session_key


def test_a_session_written_here_is_read_by_django():
    ours = SessionStore()
    ours["a"] = 1
    ours.create()
    assert db.SessionStore(ours.session_key).load() == {"a": 1}


def test_an_expired_or_unknown_key_reads_nothing_and_is_forgotten_as_django_does():
    ours = SessionStore()
    ours["a"] = 1
    ours.create()
    Session.objects.filter(pk=ours.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    for key in (ours.session_key, "unknownkey12345678", None):
        theirs, mine = db.SessionStore(key), SessionStore(key)
        assert mine.load() == theirs.load() == {}
        assert mine.session_key is theirs.session_key is None


def test_a_signed_in_person_stays_signed_in(client, school):
    client.force_login(school.konselor)
    assert client.get("/").wsgi_request.user == school.konselor
