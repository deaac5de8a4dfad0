from django.contrib.auth import views as auth_views
from django.urls import path

from rangkul.accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/verify/", views.login_verify, name="login_verify"),
    path("login/recovery/", views.login_recovery, name="login_recovery"),
    path("login/passkey/options/", views.login_passkey_options, name="login_passkey_options"),
    path("login/passkey/", views.login_passkey, name="login_passkey"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("organisation/switch/", views.switch_organisation, name="switch_organisation"),
    path("members/", views.members, name="members"),
    path("members/<str:pk>/revoke/", views.revoke_membership, name="revoke_membership"),
    path("members/<str:pk>/sign-out/", views.sign_out_member, name="sign_out_member"),
    path("members/log/", views.organisation_log, name="organisation_log"),
    path("account/tokens/", views.tokens, name="tokens"),
    path("account/tokens/<str:pk>/revoke/", views.revoke_token, name="revoke_token"),
    path("account/sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("account/security/", views.mfa_overview, name="mfa_overview"),
    path("account/security/authenticator/", views.mfa_totp, name="mfa_totp"),
    path(
        "account/security/passkey/options/",
        views.mfa_passkey_options,
        name="mfa_passkey_options",
    ),
    path("account/security/passkey/", views.mfa_passkey_add, name="mfa_passkey_add"),
    path("account/security/recovery-codes/", views.mfa_recovery_codes, name="mfa_recovery_codes"),
    path("account/security/<str:kind>/<int:pk>/remove/", views.mfa_remove, name="mfa_remove"),
]
