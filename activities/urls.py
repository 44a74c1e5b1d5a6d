from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="list"),  # 活动报名: 正在报名的活动 / 我已报名的活动
    path("training/", views.training, name="training"),  # 培训记录
    path("<int:pk>/", views.activity_detail, name="detail"),  # 报名参与活动 … and the 报名表
    path("signups/<str:code>/", views.signup_detail, name="signup"),  # one sign-up, its QR code
    path("signups/<str:code>/cancel/", views.signup_cancel, name="cancel"),  # 取消报名
    path("signups/<str:code>/leave/", views.signup_leave, name="leave"),  # 请假
    path("signups/<str:code>/calendar.ics", views.signup_calendar, name="calendar"),  # 加入日历
]
