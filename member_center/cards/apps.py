from django.apps import AppConfig


class CardsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "member_center.cards"
    label = "cards"
    verbose_name = "会员卡"
