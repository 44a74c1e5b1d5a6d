from django.urls import path

from . import views

app_name = "tickets"

urlpatterns = [
    path("", views.ticket_list, name="list"),  # 工单系统
    path("new/", views.ticket_create, name="create"),  # 提交新工单 → 创建问题
    path("<str:number>/", views.ticket_detail, name="detail"),  # the conversation and 回复内容
    path("<str:number>/cancel/", views.ticket_cancel, name="cancel"),  # 取消工单
]
