"""The BK programme cycle: needs surveys, annual and semester programmes with their planned
items, session plans (RPL), the link from a delivered activity to a planned item, the
semester report's narrative, and the information service's articles."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from rangkul.activities.models import Component
from rangkul.cases.models import Domain
from rangkul.lib.dates import SafeDateField

# Kept here for readers of this module: the component and domain vocabularies are the
# activities' and the cases' own (GLOSSARY.md), so plan and delivery speak the same terms.
__all__ = ["Component", "Domain"]


class ProgrammeSettings(models.Model):
    """An organisation's planning norms."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="programme_settings"
    )
    # Permendikbud 111/2014: classroom guidance two lesson hours per class per week.
    classroom_norm = models.BooleanField(
        _("classroom guidance two lesson hours per class per week"), default=True
    )
    lesson_minutes = models.PositiveSmallIntegerField(
        _("minutes in a lesson hour"),
        default=45,
        validators=[MinValueValidator(30), MaxValueValidator(60)],
    )
    # Share of a class that marked a need, from which the need gets a planned item.
    threshold_percent = models.PositiveSmallIntegerField(
        _("need threshold (%)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.lesson_minutes} min"


class NeedsSurvey(models.Model):
    """The needs questionnaire given to one or more classes: one screening campaign per class."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="needs_surveys"
    )
    title = models.CharField(_("title"), max_length=120)
    campaigns = models.ManyToManyField("screenings.ScreeningCampaign", related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Period(models.TextChoices):
    ANNUAL = "annual", _("Annual programme")
    SEMESTER_1 = "semester_1", _("Semester 1 programme")
    SEMESTER_2 = "semester_2", _("Semester 2 programme")


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Replaced by a revision")


# The only legal moves; a change to an approved programme is a new revision (a draft).
PROGRAMME_TRANSITIONS: dict[str, frozenset[str]] = {
    ProgrammeStatus.DRAFT: frozenset({ProgrammeStatus.APPROVED}),
    ProgrammeStatus.APPROVED: frozenset({ProgrammeStatus.SUPERSEDED}),
    ProgrammeStatus.SUPERSEDED: frozenset(),
}


class Programme(models.Model):
    """A BK programme (program tahunan / semester) of one organisation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="programmes"
    )
    title = models.CharField(_("title"), max_length=160)
    period = models.CharField(_("period"), max_length=12, choices=Period.choices)
    academic_year = models.CharField(_("academic year"), max_length=9)
    starts_on = SafeDateField(_("starts on"))
    ends_on = SafeDateField(_("ends on"))
    needs_survey = models.ForeignKey(
        NeedsSurvey, null=True, blank=True, on_delete=models.SET_NULL, related_name="programmes"
    )
    status = models.CharField(
        max_length=12, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    revision = models.PositiveSmallIntegerField(default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_revision"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # The semester report's narrative sections, written by the counselors.
    report_introduction = models.TextField(_("introduction"), blank=True, max_length=5000)
    report_evaluation = models.TextField(_("evaluation"), blank=True, max_length=5000)
    report_follow_up = models.TextField(_("follow-up plans"), blank=True, max_length=5000)

    class Meta:
        ordering = ["-starts_on", "-revision"]
        indexes = [models.Index(fields=["organisation", "status"], name="programme_org_status_idx")]

    def __str__(self) -> str:
        return f"{self.title} (rev. {self.revision})"

    @property
    def is_editable(self) -> bool:
        return self.status == ProgrammeStatus.DRAFT

    @property
    def weeks(self) -> int:
        return max(1, ((self.ends_on - self.starts_on).days + 1 + 6) // 7)


class Strategy(models.TextChoices):
    CLASSROOM_GUIDANCE = "classroom_guidance", _("Classroom guidance")
    GROUP_GUIDANCE = "group_guidance", _("Group guidance")
    GROUP_COUNSELING = "group_counseling", _("Group counseling")
    INDIVIDUAL_COUNSELING = "individual_counseling", _("Individual counseling")
    CONSULTATION = "consultation", _("Consultation")
    REFERRAL = "referral", _("Referral")
    INFORMATION = "information", _("Information service")
    HOME_VISIT = "home_visit", _("Home visit")
    CASE_CONFERENCE = "case_conference", _("Case conference")


# The activity kind that delivers each strategy (referral and information: none).
STRATEGY_KINDS: dict[str, str] = {
    Strategy.CLASSROOM_GUIDANCE: "classroom_guidance",
    Strategy.GROUP_GUIDANCE: "group_guidance",
    Strategy.GROUP_COUNSELING: "group_counseling",
    Strategy.INDIVIDUAL_COUNSELING: "individual_counseling",
    Strategy.CONSULTATION: "consultation",
    Strategy.HOME_VISIT: "home_visit",
    Strategy.CASE_CONFERENCE: "case_conference",
}
# Strategies with a session plan (RPL): planned classroom and group work.
PLANNED_SESSION_STRATEGIES = frozenset(
    {Strategy.CLASSROOM_GUIDANCE, Strategy.GROUP_GUIDANCE, Strategy.GROUP_COUNSELING}
)


class ProgrammeItem(models.Model):
    """One planned service of a programme, usually for one need found by the survey."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="items")
    domain = models.CharField(_("domain"), max_length=12, choices=Domain.choices)
    topic = models.CharField(_("topic"), max_length=200)
    # The need behind the item: the AKPD item and the share of students who marked it.
    need_item = models.CharField(max_length=40, blank=True)
    need_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    component = models.CharField(_("component"), max_length=16, choices=Component.choices)
    strategy = models.CharField(_("strategy"), max_length=24, choices=Strategy.choices)
    target_cohorts = models.ManyToManyField(
        "people.Cohort", blank=True, related_name="+", verbose_name=_("target classes")
    )
    week_from = models.PositiveSmallIntegerField(
        _("from week"), validators=[MinValueValidator(1), MaxValueValidator(53)]
    )
    week_to = models.PositiveSmallIntegerField(
        _("to week"), validators=[MinValueValidator(1), MaxValueValidator(53)]
    )
    # Lesson hours planned for each target class (for the whole item).
    hours_per_class = models.DecimalField(
        _("lesson hours per class"), max_digits=5, decimal_places=1, default=2
    )
    success_measure = models.CharField(_("success measure"), max_length=300, blank=True)
    articles = models.ManyToManyField(
        "programmes.Article", blank=True, related_name="plan_items", verbose_name=_("articles")
    )
    position = models.PositiveSmallIntegerField(default=0)
    # In a revision: the item of the previous revision this one continues (its deliveries
    # move here when the revision is approved).
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position", "week_from"]

    def __str__(self) -> str:
        return self.topic


class ServicePlan(models.Model):
    """A session plan (RPL, Rencana Pelaksanaan Layanan) for a planned classroom or group
    item."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.OneToOneField(ProgrammeItem, on_delete=models.CASCADE, related_name="plan")
    objectives = models.TextField(_("objectives"), max_length=3000)
    method = models.TextField(_("method"), max_length=3000)
    materials = models.TextField(_("materials and media"), max_length=3000)
    steps = models.TextField(_("steps"), blank=True, max_length=5000)
    evaluation = models.TextField(_("evaluation"), max_length=3000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"RPL {self.item_id}"


class Delivery(models.Model):
    """A delivered activity counted against a planned item. Lives here, so that activities
    know nothing of programmes."""

    activity = models.OneToOneField(
        "activities.Activity", on_delete=models.CASCADE, related_name="programme_delivery"
    )
    item = models.ForeignKey(ProgrammeItem, on_delete=models.CASCADE, related_name="deliveries")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.item_id}"


class ArticleCategory(models.TextChoices):
    MENTAL_HEALTH = "mental_health", _("Mental health")
    STUDY = "study", _("Study skills")
    CAREER = "career", _("Career and further study")
    HELP = "help", _("Where to get help")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


ARTICLE_TRANSITIONS: dict[str, frozenset[str]] = {
    ArticleStatus.DRAFT: frozenset({ArticleStatus.IN_REVIEW}),
    # The reviewer publishes, or sends it back with a comment.
    ArticleStatus.IN_REVIEW: frozenset({ArticleStatus.PUBLISHED, ArticleStatus.DRAFT}),
    # Withdrawn for changes: back to draft, and through review again.
    ArticleStatus.PUBLISHED: frozenset({ArticleStatus.DRAFT}),
}


class Article(models.Model):
    """An article of the information service (layanan informasi) for students."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="articles"
    )
    title = models.CharField(_("title"), max_length=160)
    category = models.CharField(_("category"), max_length=16, choices=ArticleCategory.choices)
    domain = models.CharField(_("domain"), max_length=12, choices=Domain.choices, blank=True)
    language = models.CharField(_("language"), max_length=3, default="id")
    summary = models.CharField(_("summary"), max_length=300)
    body = models.TextField(_("text (Markdown)"), max_length=20000)
    sources = models.TextField(_("sources"), blank=True, max_length=2000)
    status = models.CharField(
        max_length=12, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_comment = models.CharField(_("review comment"), max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "title"]
        indexes = [models.Index(fields=["organisation", "status"], name="article_org_status_idx")]

    def __str__(self) -> str:
        return self.title


class ArticleReads(models.Model):
    """How often an article was opened by students of one class. A counter only: nobody's
    reading is recorded."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reads")
    # Null: readers not in a class (or staff previews are not counted at all).
    cohort = models.ForeignKey(
        "people.Cohort", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "cohort"], name="one_counter_per_article_class"
            ),
            models.UniqueConstraint(
                fields=["article"],
                condition=models.Q(cohort__isnull=True),
                name="one_unclassed_counter_per_article",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} × {self.cohort_id}: {self.count}"
