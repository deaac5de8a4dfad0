# People records are not registered in the Django admin: the admin bypasses scoped queries
# and view auditing. Cohorts are configuration and may be edited there.
from django.contrib import admin

from rangkul.people.models import Cohort


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "grade", "academic_year", "homeroom_teacher")
    list_filter = ("organisation",)
