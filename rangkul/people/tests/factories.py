import factory

from rangkul.accounts.tests.factories import OrganisationFactory
from rangkul.people.models import Cohort, Guardian, Person, Relationship


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


class GuardianFactory(factory.django.DjangoModelFactory[Guardian]):
    class Meta:
        model = Guardian

    person = factory.SubFactory(PersonFactory)
    organisation = factory.LazyAttribute(lambda o: o.person.organisation)
    full_name = factory.Faker("name", locale="id_ID")
    relationship = Relationship.MOTHER
    phone = "0812 3456 7890"
