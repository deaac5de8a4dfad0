"""The information service: articles for students, their review, and reads per class."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rangkul.lib import markdown
from rangkul.lib.views import attach_errors, current_org, error_text, refuse
from rangkul.programmes import permissions, queries, services
from rangkul.programmes.forms import ArticleForm, ReviewForm
from rangkul.programmes.models import Article, ArticleCategory


@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    org = current_org(request)
    articles = list(queries.visible_articles(request.user, org).select_related("author"))
    can_write = permissions.can_write_articles(request.user, org.pk)
    categories = [
        (label, [a for a in articles if a.category == code and a.status == "published"])
        for code, label in ArticleCategory.choices
    ]
    return render(
        request,
        "programmes/articles.html",
        {
            "categories": [(label, found) for label, found in categories if found],
            "unpublished": [a for a in articles if a.status != "published"] if can_write else [],
            "can_write": can_write,
        },
    )


@login_required
def article_detail(request: HttpRequest, pk: str) -> HttpResponse:
    article = queries.get_article_for(request.user, pk)
    services.count_read(by=request.user, article=article)
    return _article_page(request, article)


def _article_page(
    request: HttpRequest, article: Article, *, status: int = 200, review_form: Any = None
) -> HttpResponse:
    return render(
        request,
        "programmes/article.html",
        {
            "article": article,
            # The source is escaped before any markup is added (lib/markdown.py).
            "body": mark_safe(markdown.render(article.body)),  # noqa: S308
            "reads": queries.read_counts(request.user, article),
            "total_reads": queries.total_reads(article)
            if permissions.can_plan(request.user, article.organisation_id)
            else None,
            "can_edit": permissions.can_edit_article(request.user, article),
            "can_review": permissions.can_review_article(request.user, article),
            "can_withdraw": article.status == "published"
            and permissions.can_write_articles(request.user, article.organisation_id),
            "is_author": article.author_id == request.user.pk,
            "review_form": review_form or ReviewForm(),
        },
        status=status,
    )


def _initial(article: Article | None) -> dict[str, Any]:
    if article is None:
        return {}
    return {f: getattr(article, f) for f in ArticleForm.base_fields}


@login_required
def article_edit(request: HttpRequest, pk: str | None = None) -> HttpResponse:
    org = current_org(request)
    article = queries.get_article_for(request.user, pk) if pk else None
    allowed = (
        permissions.can_edit_article(request.user, article)
        if article
        else permissions.can_write_articles(request.user, org.pk)
    )
    if article is None and not allowed:
        raise Http404
    if not allowed:
        refuse(request, PermissionDenied(_("Only a draft can be changed.")))
        return _article_page(request, article, status=403)  # type: ignore[arg-type]
    form = ArticleForm(request.POST or None, initial=_initial(article))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_article(
                by=request.user,
                organisation=article.organisation if article else org,
                article=article,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The article is saved as a draft."))
            return redirect("article", saved.pk)
    return render(
        request,
        "programmes/article_form.html",
        {"form": form, "article": article},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def article_action(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    article = queries.get_article_for(request.user, pk)
    review_form = ReviewForm(request.POST)
    comment = review_form.data.get("comment", "")
    try:
        if action == "submit":
            services.submit_article(by=request.user, article=article)
            done = _("The article is waiting for review by another counselor.")
        elif action in ("publish", "return"):
            services.review_article(
                by=request.user, article=article, publish=action == "publish", comment=comment
            )
            done = (
                _("The article is published.")
                if action == "publish"
                else _("The article went back to its author.")
            )
        elif action == "withdraw":
            services.withdraw_article(by=request.user, article=article)
            done = _("The article is withdrawn and back in draft.")
        else:
            raise Http404
    except PermissionDenied as exc:
        refuse(request, exc)
        return _article_page(request, article, status=403)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return _article_page(request, article, status=400, review_form=review_form)
    messages.success(request, done)
    return redirect("article", article.pk)
