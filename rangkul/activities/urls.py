from django.urls import path

from rangkul.activities.views import activities, appointments, groups, peer_care

urlpatterns = [
    path("", activities.activity_list, name="activities"),
    path("new/", activities.choose_kind, name="activity_kinds"),
    path("new/<str:kind>/", activities.log_activity, name="activity_new"),
    path("agenda/", appointments.agenda, name="agenda"),
    path("agenda.ics", appointments.agenda_ics, name="agenda_ics"),
    path("slots/", appointments.slots, name="slots"),
    path("slots/<str:pk>/delete/", appointments.slot_delete, name="slot_delete"),
    path("slots/<str:pk>/book/", appointments.slot_book, name="slot_book"),
    path("book/", appointments.book, name="book"),
    path("my/", appointments.my_appointments, name="my_appointments"),
    path("schedule/", appointments.schedule, name="schedule_appointment"),
    path("supervision/new/", peer_care.supervision_new, name="supervision_new"),
    path("supervision/mine/", peer_care.my_supervision, name="my_supervision"),
    path("pulse/<str:pk>/", peer_care.pulse, name="pulse"),
    path("systemic/", activities.systemic_list, name="systemic_activities"),
    path("groups/", groups.group_list, name="groups"),
    path("groups/new/", groups.group_new, name="group_new"),
    path("groups/<str:pk>/", groups.group_detail, name="group"),
    path("groups/<str:pk>/edit/", groups.group_edit, name="group_edit"),
    path("<str:pk>/", activities.activity_detail, name="activity"),
    path("<str:pk>/done/", activities.complete, name="activity_done"),
    path("<str:pk>/cancel/", activities.cancel, name="activity_cancel"),
    path("<str:pk>/outcomes/", activities.outcomes, name="activity_outcomes"),
    path("<str:pk>/attendance/", activities.attendance, name="activity_attendance"),
    path("<str:pk>/calendar.ics", appointments.activity_ics, name="activity_ics"),
]
