import factory

from rangkul.accounts.models import Membership, Organisation, OrganisationKind, User


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"SMA Negeri {n + 1} Contoh")
    kind = OrganisationKind.SCHOOL
    npsn = factory.Sequence(lambda n: f"{20100000 + n}")
    region_code = "32.73.01"
    time_zone = "Asia/Jakarta"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.django.Password("kata-sandi-uji-2026")


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "student"


def member(org: Organisation, role: str, user: User | None = None, **user_fields: object) -> User:
    """A user holding `role` in `org` (creating the user unless given)."""
    user = user or UserFactory(**user_fields)
    Membership.objects.create(user=user, organisation=org, role=role)
    return user
