"""Login (two steps for users with an authenticator, SEC-8), logout, password change and the
account-security page, with Django's views and our templates."""

from django.contrib.auth import views as auth_views
from django.urls import path

from staff import account_views

urlpatterns = [
    path("login/", account_views.TwoStepLoginView.as_view(), name="login"),
    path("login/code/", account_views.login_code, name="login_code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("security/", account_views.security, name="account_security"),
    path("security/enrol/", account_views.security_enrol, name="account_security_enrol"),
    path("security/confirm/", account_views.security_confirm, name="account_security_confirm"),
    path("security/disable/", account_views.security_disable, name="account_security_disable"),
    path(
        "security/recovery-codes/",
        account_views.security_recovery_codes,
        name="account_security_recovery_codes",
    ),
]
