from django.urls import include, path, reverse
from wagtail import hooks

from . import admin_views, services


@hooks.register("register_roster_menu_item")
def import_menu_item():
    # In the 会员管理 group (member_center.wagtail_hooks.RosterViewSetGroup.submenu_hook).
    return admin_views.ImportMenuItem("名册导入", reverse("roster_import:index"), icon_name="upload", order=800)


@hooks.register("register_admin_urls")
def roster_import_urls():
    patterns = [
        path("", admin_views.index, name="index"),
        path("template/<str:kind>.xlsx", admin_views.template, name="template"),
        path("<int:pk>/", admin_views.run_page, name="run"),
        path("<int:pk>/status.json", admin_views.status, name="status"),
        path("<int:pk>/confirm/", admin_views.confirm, name="confirm"),
        path("<int:pk>/rerun/", admin_views.rerun, name="rerun"),
        path("<int:pk>/discard/", admin_views.discard, name="discard"),
        path("<int:pk>/cancel-missing/", admin_views.cancel_missing, name="cancel_missing"),
        path("<int:pk>/report.xlsx", admin_views.report, name="report"),
    ]
    return [path("roster-import/", include((patterns, "roster_import")))]


hooks.register("register_job_reconcilers", services.reconcile_jobs)
