"""The information service: written, reviewed by someone else, published, read per class."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import member
from rangkul.programmes import services
from rangkul.programmes.models import ArticleReads, ArticleStatus
from rangkul.programmes.tests.factories import add_class

pytestmark = pytest.mark.django_db

BODY = "# Tidur cukup\n\nRemaja butuh tidur **8–10 jam**.\n\n<script>alert(1)</script>"


def write(school, by=None):
    return services.save_article(
        by=by or school.konselor, organisation=school.org, title="Tidur dan belajar",
        category="study", summary="Mengapa tidur membantu belajar.", body=BODY,
        sources="American Academy of Sleep Medicine (2016)",
    )  # fmt: skip


def test_an_article_is_reviewed_by_someone_other_than_its_author(school):
    article = write(school)
    services.submit_article(by=school.konselor, article=article)
    with pytest.raises(PermissionDenied):
        services.review_article(by=school.konselor, article=article, publish=True)
    with pytest.raises(ValidationError):  # sending back needs a reason
        services.review_article(by=school.koordinator, article=article, publish=False)
    services.review_article(
        by=school.koordinator, article=article, publish=False, comment="Tambahkan sumber."
    )
    assert article.status == ArticleStatus.DRAFT and article.review_comment == "Tambahkan sumber."
    services.submit_article(by=school.konselor, article=article)
    services.review_article(by=school.koordinator, article=article, publish=True)
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED and article.reviewer == school.koordinator
    # A published article changes only after being withdrawn, and is reviewed again.
    with pytest.raises(PermissionDenied):
        services.save_article(
            by=school.konselor, organisation=school.org, article=article, title="x",
            category="study", summary="x", body="x",
        )  # fmt: skip
    services.withdraw_article(by=school.konselor, article=article)
    assert article.status == ArticleStatus.DRAFT


def test_students_read_only_published_articles_rendered_safely(school):
    article = write(school)
    student = Client()
    student.force_login(school.siswa)
    assert student.get(f"/info/{article.pk}/").status_code == 404
    assert "Tidur dan belajar" not in student.get("/info/").content.decode()
    services.submit_article(by=school.konselor, article=article)
    services.review_article(by=school.koordinator, article=article, publish=True)
    page = student.get(f"/info/{article.pk}/").content.decode()
    assert "<strong>8–10 jam</strong>" in page and "<script>alert" not in page
    assert "Tidur dan belajar" in student.get("/info/").content.decode()
    assert student.get(f"/info/{article.pk}/edit/").status_code == 403
    assert student.get("/info/new/").status_code == 404


def test_reads_are_counted_per_class_without_naming_anyone(school):
    cohort, users = add_class(school, "XA", 6)
    article = write(school)
    services.submit_article(by=school.konselor, article=article)
    services.review_article(by=school.koordinator, article=article, publish=True)
    for user in users:
        client = Client()
        client.force_login(user)
        client.get(f"/info/{article.pk}/")
    reader = Client()
    reader.force_login(users[0])
    reader.get(f"/info/{article.pk}/")
    student = Client()
    student.force_login(school.siswa)
    student.get(f"/info/{article.pk}/")
    staff = Client()
    staff.force_login(school.konselor)
    page = staff.get(f"/info/{article.pk}/").content.decode()  # staff reading is not counted
    counters = {r.cohort.name: r.count for r in ArticleReads.objects.filter(article=article)}
    assert counters == {"XA": 7, "X-1": 1}
    # No column of the counter can name a reader.
    assert {f.name for f in ArticleReads._meta.get_fields()} == {"id", "article", "cohort", "count"}
    assert "8 kali dibaca" in page
    principal = Client()
    principal.force_login(school.kepsek)
    seen = principal.get(f"/info/{article.pk}/").content.decode()
    assert "<td>7</td>" in seen and "<td>&lt;5</td>" in seen


def test_a_new_article_by_a_second_counselor_can_be_reviewed_by_the_first(school):
    second = member(school.org, Role.COUNSELOR, username="konselor-dua")
    article = write(school, by=second)
    services.submit_article(by=second, article=article)
    client = Client()
    client.force_login(school.konselor)
    assert client.post(f"/info/{article.pk}/publish/").status_code == 302
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    author = Client()
    author.force_login(second)
    assert author.post(f"/info/{article.pk}/publish/").status_code == 403
