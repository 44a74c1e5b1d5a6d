from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from member_center import roles
from member_center.account_photo import AccountPhoto
from member_center.demo import DEMO_ORDER_PROFILES
from member_center.menu import TAB_MINE, MemberMenuItem
from member_center.models import MemberKind
from member_center.workbench import Shortcut, StatusItem, Todo
from portal.review import ReviewViewSetMixin
from portal.staff import datetime_column, person_name

from . import admin_views, demo, rendering, services
from .models import ChangeState, Profile, ProfileChange, ProfileState

LAWYERS = frozenset({MemberKind.LAWYER})
GROUP = "律师档案"
ACCOUNT_PHOTO_NOTE = "个人照片即律师档案中的近期免冠证件照，在此更换与“设置照片”“更改照片”相同。"


# --- the member centre ----------------------------------------------------------------------


@hooks.register("register_member_menu_item")
def profile_menu_items():
    sections_path = reverse("profiles:section", args=["education"]).removesuffix("education/")
    return [
        # /member/profile/ is the prefix of every profile page: 个人档案 is active only on its own,
        # the wizard and the sections belong to 信息补全, 更改照片 to 信息变更.
        # 个人档案 is also on the phone's 我的 page.
        MemberMenuItem(
            "个人档案", "profiles:record", icon="☺", order=40, kinds=LAWYERS, exact=True, group=GROUP, tab=TAB_MINE
        ),
        MemberMenuItem(
            "信息补全",
            "profiles:completion",
            icon="✎",
            order=41,
            kinds=LAWYERS,
            also=("profiles:basic", sections_path),
            group=GROUP,
        ),
        MemberMenuItem(
            "信息变更",
            "profiles:change",
            icon="⟳",
            order=42,
            kinds=LAWYERS,
            also=("profiles:photo_change",),
            group=GROUP,
        ),
    ]


@hooks.register("register_member_todos")
def profile_todos(request):
    member = request.member
    if not services.has_profile(member):
        return []
    profile = getattr(member, "profile", None)
    if profile is None or profile.state == services.S.DRAFT:
        return [Todo("信息补全", reverse("profiles:completion"), "首次登录系统后，请将信息进行补全")]
    if profile.state == services.S.REJECTED:
        return [Todo("信息补全", reverse("profiles:completion"), "您的材料审核未通过，请填写后重新提交！")]
    return []


@hooks.register("register_member_shortcuts")
def profile_shortcuts(request):
    if not services.has_profile(request.member):
        return []
    return [
        Shortcut("信息补全", reverse("profiles:completion"), icon="✎", order=40),
        Shortcut("信息变更", reverse("profiles:change"), icon="⟳", order=41),
    ]


@hooks.register("register_account_photo")
def account_photo(user):
    """A practising lawyer's 个人照片 (账户信息) is his profile's 近期免冠证件照: one file, on the
    profile, changed under that profile's rules (not while 审核中; after approval into 近期变更)."""
    lawyer = user.lawyer
    if lawyer is None or not services.has_profile(lawyer):
        return None
    # The accessor: the dashboard's 信息补全 to-do and 审核状态 have loaded it already.
    profile = getattr(lawyer, "profile", None)
    note = ACCOUNT_PHOTO_NOTE
    if profile is not None and services.in_change(profile):
        note += "审核通过后更换的照片记入“近期变更”。"
    return AccountPhoto(
        url=rendering.photo_url(profile) if profile else "",
        store=lambda content, by: services.set_photo(services.profile_for(lawyer), content, by=by),
        note=note,
        # Copied onto a card only once approved: a photo waiting for review is not offered.
        open=(lambda: profile.photo.open("rb"))
        if profile is not None and profile.photo and services.in_change(profile)
        else None,
    )


@hooks.register("account_contact_changed")
def log_account_contact_change(user, changes, by):
    if user.lawyer_id is not None:
        services.log_account_contact_change(user.lawyer, changes, by)


@hooks.register("register_member_status")
def profile_status(request):
    """The profile's 审核状态, with the 审核意见 when it was rejected."""
    member = request.member
    if not services.has_profile(member):
        return []
    profile = getattr(member, "profile", None)
    state = profile.state if profile is not None else ProfileState.DRAFT
    rejected = state == ProfileState.REJECTED
    return [
        StatusItem(
            GROUP,
            "审核状态",
            ProfileState(state).label,
            reverse("profiles:completion") if state != ProfileState.APPROVED else reverse("profiles:record"),
            detail=f"审核意见：{profile.review_opinion}" if rejected and profile.review_opinion else "",
            alert=rejected,
        )
    ]


@hooks.register("register_staff_role_permissions")
def role_permissions():
    return {
        roles.MEMBER_MANAGERS: [
            "profiles.view_profile", "profiles.review_profile", "profiles.view_profilechange",
            "profiles.change_profilechange",
        ],
    }  # fmt: skip


# --- staff: the admin screens (律师档案) --------------------------------------------------------

# Profiles and their changes change only through the services (review actions, 标记已处理).
register_permission_policy(Profile, admin_views.ProfilePermissionPolicy(Profile))
register_permission_policy(ProfileChange, admin_views.ProfileChangePermissionPolicy(ProfileChange))


class ProfileViewSet(ReviewViewSetMixin, SnippetViewSet):
    model = Profile
    icon = "user"
    menu_label = "档案审核"
    index_view_class = admin_views.ProfileIndexView
    index_template_name = "staff/state_index.html"
    inspect_view_class = admin_views.ProfileReviewView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = admin_views.ProfileFilterSet
    list_display = [
        "lawyer__name",
        Column("licence_no", label="执业证号", accessor="lawyer.licence_no", sort_key="lawyer__licence_no"),
        Column("firm", label="执业机构", accessor=admin_views.firm_name, sort_key="lawyer__firm__name"),
        StatusTagColumn(
            "state",
            label="审核状态",
            accessor="get_state_display",
            sort_key="state",
            primary=lambda profile: profile.state == ProfileState.SUBMITTED,
        ),
        datetime_column("submitted_at", "提交时间"),
        datetime_column("reviewed_at", "审核时间"),
    ]
    search_fields = ["lawyer__name", "lawyer__licence_no"]
    search_backend_name = None
    ordering = None  # the index view's queue order: 审核中 first, newest submitted first
    list_export = [
        "lawyer_name", "gender", "licence_no", "firm", "practice_type", "state", "submitted_at", "reviewed_at",
        "reviewed_by", "review_opinion", "id_document_no", "birth_date", "ethnicity", "native_place",
        "political_status", "education", "degree", "first_practised_on", "qualification_no", "title",
        "practice_areas", "mobile", "email", "phone", "address", "postcode",
    ]  # fmt: skip
    export_headings = {
        "lawyer_name": "姓名",
        "gender": "性别",
        "licence_no": "执业证号",
        "firm": "执业机构",
        "practice_type": "执业类别",
        "reviewed_by": "审核人",
        "education": "学历",
        "degree": "学位",
        "mobile": "手机号码",
        "email": "电子邮箱",
    }
    export_filename = "律师档案"

    def get_queryset(self, request):
        # One query for the page whatever its length (the name, licence and firm of each row).
        return Profile.objects.select_related("lawyer__firm", "lawyer__account", "reviewed_by").prefetch_related(
            "education_entries"
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            pdf_url_name=self.get_url_name("pdf"), photo_url_name=self.get_url_name("photo"), **kwargs
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("photo/<int:pk>/", admin_views.ProfilePhotoView.as_view(), name="photo"),
            path("pdf/<int:pk>/", admin_views.ProfilePdfView.as_view(), name="pdf"),
        ]


class ProfileChangeViewSet(SnippetViewSet):
    model = ProfileChange
    icon = "history"
    menu_label = "档案变更"
    index_view_class = admin_views.ProfileChangeIndexView
    index_template_name = "profiles/admin/change_index.html"
    copy_view_enabled = False
    filterset_class = admin_views.ProfileChangeFilterSet
    list_display = [
        datetime_column("created_at", "变更时间"),
        Column("lawyer", label="律师", accessor=admin_views.change_lawyer, sort_key="profile__lawyer__name"),
        "subject",
        "action",
        "summary",
        StatusTagColumn(
            "state",
            label="状态",
            accessor="get_state_display",
            sort_key="state",
            primary=lambda change: change.state == ChangeState.PENDING,
        ),
        Column(
            "processed_by",
            label="处理人",
            accessor=lambda change: person_name(change.processed_by) if change.processed_by_id else "—",
        ),
    ]
    search_fields = ["profile__lawyer__name", "profile__lawyer__licence_no"]
    search_backend_name = None
    ordering = "-created_at"
    list_export = [
        "created_at", "lawyer_name", "licence_no", "firm", "subject", "action", "summary", "changed_by", "state",
        "processed_by", "processed_at",
    ]  # fmt: skip
    export_headings = {
        "lawyer_name": "律师",
        "licence_no": "执业证号",
        "firm": "执业机构",
        "changed_by": "变更人",
        "processed_by": "处理人",
    }
    export_filename = "档案变更"

    def get_queryset(self, request):
        return ProfileChange.objects.select_related(
            "profile__lawyer__firm", "processed_by", "changed_by__firm", "changed_by__lawyer"
        )


class ProfileAdminGroup(SnippetViewSetGroup):
    menu_label = "律师档案"
    menu_icon = "user"
    menu_order = 195
    items = (ProfileViewSet, ProfileChangeViewSet)


register_snippet(ProfileAdminGroup)

hooks.register("register_bulk_action", admin_views.ApproveProfilesBulkAction)
hooks.register("register_bulk_action", admin_views.MarkChangesProcessedBulkAction)
hooks.register("register_staff_queues", admin_views.staff_queues)
hooks.register("register_member_related_records", admin_views.member_related_records)
hooks.register("register_demo_data", demo.load_demo, order=DEMO_ORDER_PROFILES)
