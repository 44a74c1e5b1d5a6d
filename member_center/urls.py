from django.urls import path

from . import views

app_name = "member_center"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("search/", views.search, name="search"),
    path("services/", views.services_page, name="services"),
    path("me/", views.mine, name="mine"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/activate/", views.activate, name="activate"),
    path("logout/", views.logout, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/phone/", views.password_reset_phone, name="password_reset_phone"),
    path("password/reset/phone/confirm/", views.password_reset_phone_confirm, name="password_reset_phone_confirm"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password/reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("account/", views.account_info, name="account_info"),
    path("account/photo/", views.account_photo, name="account_photo"),
]
