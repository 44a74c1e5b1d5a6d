from django.urls import path

from . import views

app_name = "cards"

urlpatterns = [
    path("", views.application_list, name="list"),  # 申请会员卡
    path("apply/<str:kind>/", views.apply_info, name="apply"),  # 1 执业信息
    path("apply/<str:kind>/photo/", views.apply_photo, name="apply_photo"),  # 2 上传照片
    path("apply/<str:kind>/confirm/", views.apply_confirm, name="apply_confirm"),  # 3 确认信息
    path("manage/", views.card_list, name="cards"),  # 会员卡管理
    path("manage/<str:number>/lost/", views.card_report_lost, name="card_lost"),  # 挂失
    path("manage/<str:number>/activate/", views.card_activate, name="card_activate"),  # 激活
    path("<str:number>/revoke/", views.application_revoke, name="revoke"),  # 撤消
    path("<str:number>/print/", views.application_print, name="print"),  # 打印
    path("<str:number>/photo/", views.application_photo, name="photo"),
]
