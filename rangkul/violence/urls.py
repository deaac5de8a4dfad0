from django.urls import path

from rangkul.violence.views import handling, reporting

urlpatterns = [
    # Public, no login: short Indonesian paths a school can print on a poster.
    path("lapor/<str:npsn>/", reporting.report_public, name="violence_report_public"),
    path("lapor-status/", reporting.receipt, name="violence_receipt"),
    path("lapor-status/add/", reporting.receipt_add, name="violence_receipt_add"),
    path("violence/report/", reporting.report_member, name="violence_report"),
    path("violence/", handling.matters, name="violence_matters"),
    path("violence/team/", handling.team, name="violence_team"),
    path("violence/team/<str:pk>/remove/", handling.team_remove, name="violence_team_remove"),
    path("violence/summary/", handling.summary, name="violence_summary"),
    path("violence/offers/", handling.my_offers, name="violence_offers"),
    path(
        "violence/offers/<str:pk>/<str:answer>/",
        handling.answer_offer,
        name="violence_answer_offer",
    ),
    path("violence/<str:pk>/", handling.matter_detail, name="violence_matter"),
    path("violence/<str:pk>/<str:action>/", handling.matter_action, name="violence_matter_action"),
]
