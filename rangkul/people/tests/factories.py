import factory

from rangkul.accounts.tests.factories import OrganisationFactory
from rangkul.people.models import Cohort, Person


class CohortFactory(factory.django.DjangoModelFactory[Cohort]):
    class Meta:
        model = Cohort

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"X-{n + 1}")
    grade = 10
    academic_year = "2026/2027"


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    full_name = factory.Faker("name", locale="id_ID")
