from django.urls import path, re_path

from . import views

app_name = "certificates"

apply_wizard = views.ApplyWizard.as_view(url_name="certificates:apply_step", done_step_name="done")

urlpatterns = [
    path("apply/", apply_wizard, name="apply"),
    re_path(r"^apply/(?P<step>[a-z]+)/$", apply_wizard, name="apply_step"),
    path("firm/lawyers/", views.lawyer_list, name="lawyer_list"),
    path("firm/lawyers/add/", views.lawyer_add, name="lawyer_add"),
    path("submitted/<str:number>/", views.submitted, name="submitted"),
    path("", views.application_list, name="list"),
    path("<str:number>/", views.application_detail, name="detail"),
    path("<str:number>/withdraw/", views.withdraw, name="withdraw"),
    path("<str:number>/download/", views.download, name="download"),
    path("<str:number>/email/", views.send_email, name="email"),
    path("<str:number>/reapply/", views.reapply, name="reapply"),
]
