from django.contrib import admin
from django.urls import include, path, re_path

from rangkul.api.urls import api
from rangkul.system import views as system_views
from rangkul.training.urls import verify_urlpatterns

urlpatterns = [
    # First: the resolver tries patterns in order, and API calls are the most frequent
    # requests (no page's path starts with "api/").
    path("api/v1/", api.urls),
    # Unknown API paths answer JSON even in debug, never Django's HTML page.
    re_path(r"^api/", system_views.not_found),
    path("", include("rangkul.home.urls")),
    path("", include("rangkul.accounts.urls")),
    path("people/", include("rangkul.people.urls")),
    path("notifications/", include("rangkul.notifications.urls")),
    path("", include("rangkul.cases.urls")),
    path("activities/", include("rangkul.activities.urls")),
    path("safety/", include("rangkul.safety.urls")),
    path("screenings/", include("rangkul.screenings.urls")),
    path("peers/", include("rangkul.peers.urls")),
    path("training/", include("rangkul.training.urls")),
    path("", include(verify_urlpatterns)),
    path("referrals/", include("rangkul.referrals.urls")),
    path("", include("rangkul.violence.urls")),
    path("", include("rangkul.onboarding.urls")),
    path("privacy/", include("rangkul.privacy.urls")),
    path("", include("rangkul.programmes.urls")),
    path("reports/", include("rangkul.reports.urls")),
    path("psychosocial/", include("rangkul.psychosocial.urls")),
    path("regions/", include("rangkul.regions.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", system_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler404 = "rangkul.system.views.not_found"
handler500 = "rangkul.system.views.server_error"
handler403 = "rangkul.system.views.forbidden"
