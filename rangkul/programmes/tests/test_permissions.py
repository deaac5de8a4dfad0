"""Who sees and does what with programmes, needs surveys and articles, role by role; the
predicate and the Q filter of each rule agree."""

import pytest

from rangkul.programmes import permissions, services
from rangkul.programmes.models import Article, NeedsSurvey, Programme
from rangkul.programmes.tests.factories import draft, run_survey

pytestmark = pytest.mark.django_db

# persona: (reads programmes, plans, approves, reads the published article, reads the draft)
EXPECTED = {
    "siswa": (False, False, False, True, False),
    "sebaya": (False, False, False, True, False),
    "konselor": (True, True, False, True, True),
    "koordinator": (True, True, True, True, True),
    "walikelas": (False, False, False, True, False),
    "kepsek": (True, False, False, True, False),
    "admin": (False, False, False, True, False),
    "outsider": (False, False, False, False, False),
    "analis": (False, False, False, False, False),
    "relawan": (False, False, False, False, False),
}


def _article(school, title, publish):
    article = services.save_article(
        by=school.konselor, organisation=school.org, title=title, category="help",
        summary="Ringkas.", body="Isi artikel.",
    )  # fmt: skip
    if publish:
        services.submit_article(by=school.konselor, article=article)
        services.review_article(by=school.koordinator, article=article, publish=True)
    return article


def test_each_role_gets_what_the_rules_say_and_lists_agree(school, personas):
    programme = draft(school)
    survey = run_survey(school, [school.cohort])
    published = _article(school, "Terbit", True)
    unpublished = _article(school, "Draf", False)
    for name, user in personas.items():
        reads, plans, approves, reads_published, reads_draft = EXPECTED[name]
        got = (
            permissions.can_view_programme(user, programme),
            permissions.can_edit_programme(user, programme),
            permissions.can_approve(user, school.org.pk),
            permissions.can_view_article(user, published),
            permissions.can_view_article(user, unpublished),
        )
        assert got == EXPECTED[name], name
        listed = Programme.objects.filter(permissions.programme_filter(user))
        assert (programme in listed) == reads, name
        assert (survey in NeedsSurvey.objects.filter(permissions.survey_filter(user))) == reads
        articles = set(Article.objects.filter(permissions.article_filter(user)))
        assert (published in articles, unpublished in articles) == (reads_published, reads_draft)
        assert permissions.can_run_survey(user, school.org.pk) == (name == "koordinator")
