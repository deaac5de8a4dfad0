"""Who may see and do what with programmes, needs surveys and articles. Each rule is a
predicate and the matching Q filter, side by side.

- Planners: the people who work cases (counselors, coordinators, field workers) read and
  edit draft programmes, write session plans, link delivered activities and write the
  report's narrative.
- The coordinator (who oversees cases) runs needs surveys and approves programmes.
- Readers of aggregates (principals) read programmes, realisation and the report, and the
  needs results with small counts suppressed.
- Articles: planners write; another planner or the coordinator reviews; every member of
  the organisation reads what is published.
"""

from typing import Any

from django.db.models import Q

from rangkul.accounts.permissions import has_capability, orgs_with_capability, roles_by_org
from rangkul.accounts.roles import Capability

# --- Programmes -----------------------------------------------------------------------------


def planner_orgs(user: Any) -> set[Any]:
    return orgs_with_capability(user, Capability.WORK_CASES)


def reader_orgs(user: Any) -> set[Any]:
    return planner_orgs(user) | orgs_with_capability(user, Capability.VIEW_AGGREGATES)


def can_plan(user: Any, organisation_id: Any) -> bool:
    return has_capability(user, organisation_id, Capability.WORK_CASES)


def can_read_programmes(user: Any, organisation_id: Any) -> bool:
    return organisation_id in reader_orgs(user)


def programme_filter(user: Any) -> Q:
    return Q(organisation_id__in=reader_orgs(user))


def can_view_programme(user: Any, programme: Any) -> bool:
    return can_read_programmes(user, programme.organisation_id)


def can_edit_programme(user: Any, programme: Any) -> bool:
    return programme.is_editable and can_plan(user, programme.organisation_id)


def can_approve(user: Any, organisation_id: Any) -> bool:
    return has_capability(user, organisation_id, Capability.OVERSEE_CASES)


def can_write_report(user: Any, programme: Any) -> bool:
    """The narrative of the semester report: any planner, also on an approved programme
    (the report is written while the programme runs)."""
    return can_plan(user, programme.organisation_id)


# --- Needs surveys --------------------------------------------------------------------------


def can_run_survey(user: Any, organisation_id: Any) -> bool:
    return has_capability(user, organisation_id, Capability.OVERSEE_CASES)


def survey_filter(user: Any) -> Q:
    return Q(organisation_id__in=reader_orgs(user))


def sees_small_counts(user: Any, organisation_id: Any) -> bool:
    """Counselors see exact class counts; everyone else sees them suppressed."""
    return can_plan(user, organisation_id)


# --- Articles -------------------------------------------------------------------------------


def can_write_articles(user: Any, organisation_id: Any) -> bool:
    return can_plan(user, organisation_id)


def can_edit_article(user: Any, article: Any) -> bool:
    return article.status == "draft" and can_write_articles(user, article.organisation_id)


def can_review_article(user: Any, article: Any) -> bool:
    """Somebody other than the author: another planner, or the coordinator."""
    return (
        article.status == "in_review"
        and article.author_id != user.pk
        and can_plan(user, article.organisation_id)
    )


def article_filter(user: Any) -> Q:
    """Members read published articles of their organisations; planners read every draft."""
    return Q(organisation_id__in=list(roles_by_org(user)), status="published") | Q(
        organisation_id__in=planner_orgs(user)
    )


def can_view_article(user: Any, article: Any) -> bool:
    if can_plan(user, article.organisation_id):
        return True
    return article.status == "published" and article.organisation_id in roles_by_org(user)


def can_see_read_counts(user: Any, organisation_id: Any) -> bool:
    return can_read_programmes(user, organisation_id)
