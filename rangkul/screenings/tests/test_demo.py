from django.core.management import call_command

from rangkul.screenings.demo import CAMPAIGN_TITLE, seed_screenings
from rangkul.screenings.models import ScreeningCampaign, ScreeningResponse


def test_demo_screenings_are_idempotent(transactional_db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    seed_screenings()
    seed_screenings()
    campaign = ScreeningCampaign.objects.get(title=CAMPAIGN_TITLE)
    assert campaign.assignments.count() >= 6
    assert ScreeningResponse.objects.filter(campaign=campaign, status="submitted").count() == 6
