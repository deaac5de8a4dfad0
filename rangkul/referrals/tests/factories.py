import factory

from rangkul.accounts.tests.factories import OrganisationFactory
from rangkul.referrals.models import Provider, ProviderKind


class ProviderFactory(factory.django.DjangoModelFactory[Provider]):
    class Meta:
        model = Provider

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Biro Psikologi {n + 1}")
    kind = ProviderKind.PSYCHOLOGIST
    services = ",counseling,assessment,"
    age_groups = ",adolescents,adults,"
    regions = ",32.73,"
    languages = ",id,su,"
    costs = ",paid,"
    phone = "022 1234 5678"
