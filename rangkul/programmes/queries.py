"""Every read of programmes, needs surveys and articles, already scoped to the reader."""

from typing import Any

from django.db.models import QuerySet, Sum
from django.http import Http404

from rangkul.activities.models import Activity, ActivityStatus
from rangkul.audit import services as audit
from rangkul.lib import suppression
from rangkul.lib.scoping import get_in_scope
from rangkul.programmes import needs, permissions, realisation
from rangkul.programmes.models import (
    STRATEGY_KINDS,
    Article,
    ArticleReads,
    Delivery,
    NeedsSurvey,
    Programme,
    ProgrammeItem,
    ProgrammeSettings,
)


def visible_programmes(user: Any, organisation: Any) -> QuerySet[Programme]:
    return Programme.objects.filter(permissions.programme_filter(user), organisation=organisation)


def get_programme_for(user: Any, pk: object) -> Programme:
    return get_in_scope(
        Programme.objects.filter(permissions.programme_filter(user)).select_related(
            "organisation", "approved_by", "created_by", "needs_survey"
        ),
        pk,
    )


def get_item_for(user: Any, pk: object) -> ProgrammeItem:
    return get_in_scope(
        ProgrammeItem.objects.filter(
            programme__organisation_id__in=permissions.reader_orgs(user)
        ).select_related("programme", "programme__organisation"),
        pk,
    )


def get_delivery_for(user: Any, pk: object) -> Delivery:
    try:
        return Delivery.objects.select_related("item", "item__programme", "activity").get(
            pk=int(str(pk)), item__programme__organisation_id__in=permissions.planner_orgs(user)
        )
    except (ValueError, Delivery.DoesNotExist) as exc:
        raise Http404 from exc


def visible_surveys(user: Any, organisation: Any) -> QuerySet[NeedsSurvey]:
    return NeedsSurvey.objects.filter(permissions.survey_filter(user), organisation=organisation)


def get_survey_for(user: Any, pk: object) -> NeedsSurvey:
    return get_in_scope(
        NeedsSurvey.objects.filter(permissions.survey_filter(user)).select_related("organisation"),
        pk,
    )


def needs_results(user: Any, survey: NeedsSurvey) -> needs.NeedsResults:
    """The survey's results by domain, topic and class; exact for counselors, suppressed for
    everyone else. Recorded: they are screening results, if only at class level."""
    exact = permissions.sees_small_counts(user, survey.organisation_id)
    result = needs.results(list(survey.campaigns.select_related("cohort")), exact=exact)
    audit.record(
        user,
        "programme.needs_results_viewed",
        survey,
        data={"classes": len(result.classes), "respondents": result.respondents,
              "suppressed": not exact},
    )  # fmt: skip
    return result


def settings_for(organisation: Any) -> ProgrammeSettings:
    return ProgrammeSettings.objects.filter(organisation=organisation).first() or (
        ProgrammeSettings(organisation=organisation)
    )


def realisation_of(programme: Programme) -> realisation.Realisation:
    return realisation.compute(programme, settings_for(programme.organisation).lesson_minutes)


def report_realisation(user: Any, programme: Programme) -> realisation.Realisation:
    """The figures of the semester report, its download recorded."""
    audit.record(user, "programme.report_downloaded", programme)
    return realisation_of(programme)


def linkable_activities(user: Any, item: ProgrammeItem) -> list[Activity]:
    """Activities of the item's kind that took place in the programme's period and count
    against no item yet, newest first (the counselor's choice when linking)."""
    if not permissions.can_plan(user, item.programme.organisation_id):
        return []
    kind = STRATEGY_KINDS.get(item.strategy)
    if kind is None:
        return []
    qs = (
        realisation.done_activities(item.programme)
        .filter(kind=kind, programme_delivery__isnull=True)
        .select_related("cohort")
        .order_by("-starts_at")
    )
    if item.target_cohorts.exists():
        qs = qs.filter(cohort__in=item.target_cohorts.all())
    return list(qs[:30])


def deliveries_of(item: ProgrammeItem) -> list[Delivery]:
    return list(
        item.deliveries.filter(activity__status=ActivityStatus.DONE)
        .select_related("activity", "activity__cohort")
        .order_by("activity__starts_at")
    )


# --- Articles -------------------------------------------------------------------------------


def visible_articles(user: Any, organisation: Any) -> QuerySet[Article]:
    return Article.objects.filter(permissions.article_filter(user), organisation=organisation)


def get_article_for(user: Any, pk: object) -> Article:
    return get_in_scope(
        Article.objects.filter(permissions.article_filter(user)).select_related(
            "author", "reviewer", "organisation"
        ),
        pk,
    )


def read_counts(user: Any, article: Article) -> list[tuple[str, suppression.Cell]] | None:
    """Reads per class (never per person). Exact for counselors; suppressed for others."""
    if not permissions.can_see_read_counts(user, article.organisation_id):
        return None
    rows = list(
        ArticleReads.objects.filter(article=article)
        .select_related("cohort")
        .order_by("cohort__name")
    )
    exact = permissions.can_plan(user, article.organisation_id)
    return [
        (r.cohort.name if r.cohort else "—", r.count if exact else suppression.count(r.count))
        for r in rows
    ]


def total_reads(article: Article) -> int:
    return ArticleReads.objects.filter(article=article).aggregate(n=Sum("count"))["n"] or 0
