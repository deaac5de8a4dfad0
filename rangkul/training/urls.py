from django.urls import path

from rangkul.training import views

urlpatterns = [
    path("", views.programme_list, name="training_programmes"),
    path("me/", views.my_training, name="training_mine"),
    path("cpd/", views.cpd_list, name="training_cpd"),
    path("cpd/hours/", views.cpd_hours, name="training_cpd_hours"),
    path("cpd/<str:pk>/file/", views.cpd_file, name="training_cpd_file"),
    path("sessions/<str:pk>/", views.session_detail, name="training_session"),
    path("enrolments/<str:pk>/", views.enrolment_detail, name="training_enrolment"),
    path("enrolments/<str:pk>/quiz/", views.quiz, name="training_quiz"),
    path("certificates/<str:pk>/pdf/", views.certificate_pdf, name="training_certificate_pdf"),
    path("<str:pk>/", views.programme_detail, name="training_programme"),
    path("<str:pk>/decide/", views.decide, name="training_decide"),
]

# Public, no login: the address printed on certificates.
verify_urlpatterns = [
    path("verify/", views.verify_form, name="certificate_verify_form"),
    path("verify/<str:code>/", views.verify, name="certificate_verify"),
]
