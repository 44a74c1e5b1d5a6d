from django.apps import AppConfig


class RosterImportConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "member_center.roster_import"
    label = "roster_import"
    verbose_name = "名册导入"
