"""The programme demo: a survey answered, an approved programme delivered in part, articles."""

import pytest

from rangkul.programmes import demo, queries
from rangkul.programmes.models import Article, NeedsSurvey, Programme, ProgrammeStatus
from rangkul.programmes.tests.factories import add_class
from rangkul.screenings.models import ResponseStatus, ScreeningResponse

pytestmark = pytest.mark.django_db


def test_the_demo_school_has_an_approved_programme_with_sessions_and_articles(school):
    add_class(school, "XI-1", 10)
    demo.seed(school.org)
    demo.seed(school.org)  # loading twice changes nothing
    survey = NeedsSurvey.objects.get()
    assert (
        ScreeningResponse.objects.filter(
            campaign__in=survey.campaigns.all(), status=ResponseStatus.SUBMITTED
        ).count()
        == 12
    )
    programme = Programme.objects.get()
    assert programme.status == ProgrammeStatus.APPROVED
    result = queries.realisation_of(programme)
    assert result.delivered_total > 0 and result.not_delivered
    assert Article.objects.filter(status="published").count() == 4
