from django.urls import path

from .views import basic, record, sections

app_name = "profiles"

urlpatterns = [
    path("", record.record, name="record"),  # 个人档案
    path("print/", record.print_register, name="print"),  # 打印《律师基本信息登记表》
    path("photo/", basic.photo, name="photo"),
    path("photo/change/", basic.photo_change, name="photo_change"),  # 更改照片
    path("completion/", sections.completion, name="completion"),  # 信息补全
    path("basic/", basic.start, name="basic"),
    path("basic/<slug:step>/", basic.step, name="basic_step"),
    path("submit/", sections.submit, name="submit"),  # 正式提交审核
    path("withdraw/", sections.withdraw, name="withdraw"),  # 撤回信息补全申请
    path("change/", sections.change, name="change"),  # 信息变更 and 近期变更
    path("change/basic/", sections.change_basic, name="change_basic"),  # 修改基本信息
    path("sections/<slug:key>/", sections.section_list, name="section"),
    path("sections/<slug:key>/new/", sections.section_new, name="section_new"),
    path("sections/<slug:key>/none/", sections.section_none, name="section_none"),  # 填报为无
    path("sections/<slug:key>/<int:pk>/edit/", sections.section_edit, name="section_edit"),
    path("sections/<slug:key>/<int:pk>/delete/", sections.section_delete, name="section_delete"),
]
