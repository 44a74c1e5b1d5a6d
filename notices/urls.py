from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),  # 我的公文
    path("<int:pk>/", views.document_detail, name="detail"),  # 查看收文, 反馈
    path("<int:pk>/follow/", views.document_follow, name="follow"),  # 关注 / 取消关注
    path("<int:pk>/files/<uuid:uuid>/", views.document_file, name="file"),  # 附件
    path("<int:pk>/feedback-files/<uuid:uuid>/", views.feedback_file, name="feedback_file"),
]
