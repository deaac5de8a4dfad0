from django.urls import path

from rangkul.programmes.views import articles, programmes

urlpatterns = [
    path("programmes/", programmes.programme_list, name="programmes"),
    path("programmes/settings/", programmes.programme_settings, name="programme_settings"),
    path("programmes/needs/new/", programmes.needs_survey_new, name="needs_survey_new"),
    path("programmes/needs/<str:pk>/", programmes.needs_survey, name="needs_survey"),
    path("programmes/new/", programmes.programme_new, name="programme_new"),
    path("programmes/items/<str:pk>/", programmes.programme_item, name="programme_item"),
    path(
        "programmes/items/<str:pk>/delete/",
        programmes.programme_item_delete,
        name="programme_item_delete",
    ),
    path(
        "programmes/items/<str:pk>/deliver/",
        programmes.programme_item_deliver,
        name="programme_item_deliver",
    ),
    path("programmes/items/<str:pk>/plan/", programmes.service_plan, name="service_plan"),
    path(
        "programmes/items/<str:pk>/plan.pdf", programmes.service_plan_pdf, name="service_plan_pdf"
    ),
    path(
        "programmes/deliveries/<str:pk>/unlink/",
        programmes.programme_unlink,
        name="programme_unlink",
    ),
    path("programmes/<str:pk>/", programmes.programme_detail, name="programme"),
    path(
        "programmes/<str:pk>/items/new/", programmes.programme_item_new, name="programme_item_new"
    ),
    path("programmes/<str:pk>/report/", programmes.programme_report, name="programme_report"),
    path(
        "programmes/<str:pk>/report.pdf",
        programmes.programme_report_pdf,
        name="programme_report_pdf",
    ),
    path("programmes/<str:pk>/<str:action>/", programmes.programme_action, name="programme_action"),
    path("info/", articles.article_list, name="articles"),
    path("info/new/", articles.article_edit, name="article_new"),
    path("info/<str:pk>/", articles.article_detail, name="article"),
    path("info/<str:pk>/edit/", articles.article_edit, name="article_edit"),
    path("info/<str:pk>/<str:action>/", articles.article_action, name="article_action"),
]
