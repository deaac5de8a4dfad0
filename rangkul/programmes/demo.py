"""Demo data of the programme cycle, through the same services as the pages. Idempotent.

For the first demo school: a needs survey of two classes that every student answered, a
semester programme drafted from it, with a session plan, approved by the coordinator, some
classroom sessions delivered against it and one unplanned counseling session; and four
published articles of the information service.
"""

from datetime import datetime, time, timedelta
from pathlib import Path

import yaml
from django.db import transaction

from rangkul.accounts.models import Organisation, User
from rangkul.accounts.roles import Role
from rangkul.people.models import Cohort
from rangkul.programmes import needs, services
from rangkul.programmes.models import Article, NeedsSurvey, Programme, Strategy
from rangkul.programmes.services.programmes import semester_bounds
from rangkul.screenings import services as screening_services
from rangkul.screenings.models import Assignment

# The needs each student marks, by the student's position in the class: enough students
# mark study time, exam worry, further study and bullying to pass the planning threshold.
PATTERN = [
    {"learning_time", "learning_exams", "career_further"},
    {"learning_time", "social_bullying", "personal_stress"},
    {"learning_time", "career_further", "career_interests"},
    {"learning_exams", "social_bullying"},
    {"learning_time", "personal_emotions", "career_further"},
    {"social_friends"},
    {"learning_methods", "career_further", "learning_exams"},
    {"personal_stress", "social_bullying", "learning_time"},
    {"career_jobs"},
    set(),
]

ARTICLES = yaml.safe_load(
    (Path(__file__).parent / "data" / "demo_articles.yaml").read_text(encoding="utf-8")
)


def _staff(org: Organisation, role: str) -> list[User]:
    return list(
        User.objects.filter(memberships__organisation=org, memberships__role=role).order_by(
            "username"
        )
    )


def _articles(org: Organisation, author: User, reviewer: User) -> list[Article]:
    found = []
    for data in ARTICLES:
        article = Article.objects.filter(organisation=org, title=data["title"]).first()
        if article is None:
            article = services.save_article(by=author, organisation=org, **data)
            services.submit_article(by=author, article=article)
            services.review_article(by=reviewer, article=article, publish=True)
        found.append(article)
    return found


def _survey(org: Organisation, coordinator: User, cohorts: list[Cohort]) -> NeedsSurvey:
    survey = NeedsSurvey.objects.filter(organisation=org).first()
    if survey is not None:
        return survey
    today = org.today()
    _period, starts, _ends, _year = semester_bounds(today)
    survey = services.run_needs_survey(
        by=coordinator,
        organisation=org,
        cohorts=cohorts,
        opens_on=max(starts, today - timedelta(days=300)),
        closes_on=today + timedelta(days=7),
        title="Asesmen kebutuhan (AKPD) semester ini",
    )
    topics = [t.item for t in needs.topics()]
    assignments = Assignment.objects.filter(campaign__in=survey.campaigns.all()).select_related(
        "person__user", "campaign"
    )
    for i, assignment in enumerate(assignments.order_by("person__full_name")):
        marked = PATTERN[i % len(PATTERN)]
        screening_services.submit_answers(
            by=assignment.person.user,
            assignment=assignment,
            answers={item: 1 if item in marked else 0 for item in topics},
            lang="id",
        )
    return survey


def _programme(
    org: Organisation, counselor: User, coordinator: User, survey: NeedsSurvey,
    articles: list[Article],
) -> Programme:  # fmt: skip
    existing = Programme.objects.filter(organisation=org).first()
    if existing is not None:
        return existing
    period, starts, ends, year = semester_bounds(org.today())
    programme = services.draft_programme(
        by=counselor, organisation=org, period=period, academic_year=year, starts_on=starts,
        ends_on=ends, needs_survey=survey,
    )  # fmt: skip
    classroom = list(programme.items.filter(strategy=Strategy.CLASSROOM_GUIDANCE))
    for item in classroom:
        if item.need_item == "personal_health" or item.domain == "personal":
            item.articles.add(articles[0], articles[3])
        elif item.domain == "learning":
            item.articles.add(articles[1])
        elif item.domain == "career":
            item.articles.add(articles[2])
    if classroom:
        services.save_service_plan(
            by=counselor,
            item=classroom[0],
            objectives="Siswa mengenali kebiasaan belajarnya dan menyusun satu rencana "
            "perubahan untuk minggu depan.",
            method="Diskusi kelas dan lembar refleksi.",
            materials="Artikel layanan informasi, lembar jadwal mingguan, papan tulis.",
            steps="1. Pembukaan dan ice breaking (10 menit)\n2. Diskusi pengalaman siswa "
            "(25 menit)\n3. Menyusun rencana (35 menit)\n4. Refleksi dan penutup (20 menit)",
            evaluation="Setiap siswa menuliskan satu hal yang akan dilakukan; dicek pada "
            "pertemuan berikutnya.",
        )
    services.approve_programme(by=coordinator, programme=programme)
    # Sessions already given this semester: the first items, in the past weeks.
    zone = org.zone
    today = org.today()
    for n, item in enumerate(classroom[:3]):
        for m, cohort in enumerate(item.target_cohorts.all().order_by("name")[:2]):
            day = today - timedelta(days=7 * (n + 1) + m)
            if day < programme.starts_on:
                continue  # early in the semester: fewer sessions so far
            services.deliver_item(
                by=counselor,
                item=item,
                starts_at=datetime.combine(day, time(9 + m), tzinfo=zone),
                duration_minutes=90,
                cohort=cohort,
                place="Ruang kelas",
            )
    return programme


@transaction.atomic
def seed(org: Organisation) -> None:
    coordinators = _staff(org, Role.COORDINATOR)
    counselors = _staff(org, Role.COUNSELOR)
    if not coordinators or not counselors:
        return
    cohorts = list(
        Cohort.objects.filter(organisation=org, members__user__isnull=False)
        .distinct()
        .order_by("name")[:2]
    )
    if not cohorts:
        return
    articles = _articles(org, counselors[0], coordinators[0])
    survey = _survey(org, coordinators[0], cohorts)
    _programme(org, counselors[0], coordinators[0], survey, articles)
