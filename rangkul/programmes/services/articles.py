"""The information service's articles: written by a counselor, reviewed by another counselor
or the coordinator, published to the organisation's students; reads counted per class."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.audit import services as audit
from rangkul.cases.models import Domain
from rangkul.lib.text import check_texts, clean_text
from rangkul.people.models import Person
from rangkul.programmes import permissions
from rangkul.programmes.models import (
    ARTICLE_TRANSITIONS,
    Article,
    ArticleCategory,
    ArticleReads,
    ArticleStatus,
)


def _transition(article: Article, to: str) -> None:
    if to not in ARTICLE_TRANSITIONS[article.status]:
        raise ValidationError(
            _("An article that is “%(status)s” cannot change like this.")
            % {"status": article.get_status_display()}
        )
    article.status = to


@transaction.atomic
def save_article(
    *,
    by: Any,
    organisation: Any,
    title: str,
    category: str,
    summary: str,
    body: str,
    sources: str = "",
    domain: str = "",
    article: Article | None = None,
) -> Article:
    """Write a new article (a draft) or change a draft."""
    if article is None:
        if not permissions.can_write_articles(by, organisation.id):
            raise PermissionDenied(_("Only counselors write articles."))
    elif not permissions.can_edit_article(by, article):
        raise PermissionDenied(
            _("Only a draft can be changed; withdraw a published article first.")
        )
    problems: dict[str, str] = {}
    if category not in ArticleCategory.values:
        problems["category"] = _("Choose a category.")
    if domain and domain not in Domain.values:
        problems["domain"] = _("Choose a domain.")
    texts, text_problems = check_texts(
        [
            ("title", title, 160, True),
            ("summary", summary, 300, True),
            ("body", body, 20000, True),
            ("sources", sources, 2000, False),
        ]
    )
    problems.update(text_problems)
    if problems:
        raise ValidationError(problems)
    is_new = article is None
    if article is None:
        article = Article(organisation=organisation, author=by)
    article.category = category
    article.domain = domain
    for name, value in texts.items():
        setattr(article, name, value)
    article.save()
    audit.record(
        by, "article.written" if is_new else "article.changed", article,
        organisation=article.organisation,
    )  # fmt: skip
    return article


@transaction.atomic
def submit_article(*, by: Any, article: Article) -> Article:
    if not permissions.can_edit_article(by, article):
        raise PermissionDenied(_("Only a draft can be sent for review."))
    _transition(article, ArticleStatus.IN_REVIEW)
    article.review_comment = ""
    article.save(update_fields=["status", "review_comment", "updated_at"])
    audit.record(by, "article.submitted", article, organisation=article.organisation)
    return article


@transaction.atomic
def review_article(*, by: Any, article: Article, publish: bool, comment: str = "") -> Article:
    """Publish, or send back with a comment. Never by the author."""
    if not permissions.can_review_article(by, article):
        if article.author_id == by.pk:
            raise PermissionDenied(_("Another counselor or the coordinator reviews your article."))
        raise PermissionDenied(_("You may not review this article."))
    comment = clean_text(comment, field="comment", limit=500, required=not publish)
    if publish:
        _transition(article, ArticleStatus.PUBLISHED)
        article.published_at = timezone.now()
    else:
        _transition(article, ArticleStatus.DRAFT)
    article.reviewer = by
    article.review_comment = comment
    article.save()
    audit.record(
        by, "article.published" if publish else "article.returned", article,
        organisation=article.organisation,
    )  # fmt: skip
    return article


@transaction.atomic
def withdraw_article(*, by: Any, article: Article) -> Article:
    """Take a published article back to draft (for changes; it is reviewed again)."""
    if not permissions.can_write_articles(by, article.organisation_id):
        raise PermissionDenied(_("Only counselors withdraw articles."))
    _transition(article, ArticleStatus.DRAFT)
    article.save(update_fields=["status", "updated_at"])
    audit.record(by, "article.withdrawn", article, organisation=article.organisation)
    return article


def count_read(*, by: Any, article: Article) -> None:
    """One more read of a published article by a student of a class: a counter per article
    and class, no row about the reader. Staff reading is not counted."""
    if article.status != ArticleStatus.PUBLISHED or permissions.can_plan(
        by, article.organisation_id
    ):
        return
    cohort_id: Any = (
        Person.objects.filter(user_id=by.pk, organisation_id=article.organisation_id)
        .values_list("cohort_id", flat=True)
        .first()
    )
    with transaction.atomic():
        updated = ArticleReads.objects.filter(article=article, cohort_id=cohort_id).update(
            count=F("count") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    ArticleReads.objects.create(article=article, cohort_id=cohort_id, count=1)
            except IntegrityError:
                ArticleReads.objects.filter(article=article, cohort_id=cohort_id).update(
                    count=F("count") + 1
                )
