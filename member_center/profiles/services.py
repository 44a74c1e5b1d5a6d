"""Profiles: completion, submission, review and change (manual 002 §3).

The state machines are PROFILE and CHANGE, declared on the shared workflow (portal.workflow);
each move runs in one transaction on a locked row and leaves an audit entry. Editing rules by state live here too:
- 填写中 / 已驳回: completion. Everything may be edited; editing 基本信息 after 确认补全 asks
  for 确认补全 again (manual §3.2.3's note).
- 审核中: nothing may be edited until the lawyer withdraws (撤回信息补全申请).
- 已通过: 信息变更. Only CHANGEABLE_FIELDS of 基本信息, and 获奖情况/惩罚情况 take additions
  only; each change is written to the change log (近期变更) in words."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from member_center.models import Lawyer, MemberKind
from portal.audit import acting_as
from portal.storage import delete_on_commit
from portal.workflow import OWNER, Notice, Transition, Workflow, WorkflowError

from .display import display_value
from .models import ChangeState, Profile, ProfileChange, ProfileState
from .sections import BOARD_COLUMN_OF, BOARD_ORDER, SECTIONS, Section
from .steps import BASIC_STEPS, CHANGEABLE_FIELDS, BasicStep

S = ProfileState
REVIEW = "profiles.review_profile"

# Errors the services raise are the workflow's: one kind of refusal, with a message to show as it is.
ProfileError = WorkflowError


def _tell_lawyer(title: str, body: str, url_name: str):
    def notices(profile: Profile, reason: str, details: dict) -> list[Notice]:
        opinion = details.get("审核意见") or ""
        text = body + (f"审核意见：{opinion}" if opinion else "")
        return [Notice(profile.lawyer, title, text, reverse(url_name))]

    return notices


PROFILE = Workflow(
    "profiles.profile",
    Profile,
    owner=lambda profile: profile.lawyer,
    select_related=("lawyer__account",),
    transitions=[
        Transition("submit", [S.DRAFT, S.REJECTED], S.SUBMITTED, "正式提交审核", by=OWNER),
        Transition("withdraw", [S.SUBMITTED], S.DRAFT, "撤回信息补全申请", by=OWNER),
        Transition(
            "approve", [S.SUBMITTED], S.APPROVED, "审核通过", permission=REVIEW,
            notify=_tell_lawyer("律师档案审核通过", "您提交的律师档案已审核通过，此后可通过“信息变更”修改。", "profiles:record"),
        ),
        Transition(
            "reject", [S.SUBMITTED], S.REJECTED, "驳回", permission=REVIEW,
            requires={"审核意见": "驳回时须填写审核意见。"},
            notify=_tell_lawyer(
                "律师档案审核未通过", "您的材料审核未通过，请根据审核意见修改后重新提交。", "profiles:completion"
            ),
        ),
    ],
    events={
        "upload_photo": "上传照片",
        "replace_photo": "更换照片",
        "confirm_basic": "确认补全基本信息",
        "declare_none": lambda data: f"{data.get('section', '')}填报为无",
    },
)  # fmt: skip

CHANGE = Workflow(
    "profiles.change",
    ProfileChange,
    transitions=[
        Transition(
            "process", [ChangeState.PENDING], ChangeState.PROCESSED, "标记已处理",
            permission="profiles.change_profilechange",
        ),
    ],
)  # fmt: skip

COMPLETION_STATES = {S.DRAFT, S.REJECTED}

FILLED, DECLARED_NONE, TO_FILL = "已填写", "已填报为无", "待填写"
BASIC_LABEL = "基本信息"
LAWYER_SUBJECT = "律师"  # how the change log names a change of 基本信息 (manual §3.3)


def can(profile: Profile, action: str) -> bool:
    return PROFILE.can(profile, action)


# --- getting a profile ---------------------------------------------------------------------------


def has_profile(member) -> bool:
    """Profiles are for practising lawyers (not firms, offices or trainees)."""
    return isinstance(member, Lawyer) and member.kind == MemberKind.LAWYER


def profile_for(lawyer: Lawyer) -> Profile:
    """The lawyer's profile, created on first use with what the roster already knows."""
    profile, _ = Profile.objects.get_or_create(
        lawyer=lawyer,
        defaults={"id_document_no": lawyer.id_number, "first_practised_on": lawyer.first_licensed_on},
    )
    return profile


# --- what is filled in ---------------------------------------------------------------------------


def _is_blank(value) -> bool:
    return value in (None, "", [], {})


def missing_basic_fields(profile: Profile) -> list[tuple[BasicStep, str]]:
    """(step, field verbose name) of every required basic field still empty."""
    missing = []
    for step in BASIC_STEPS:
        for name in step.required:
            if _is_blank(getattr(profile, name)):
                missing.append((step, Profile.field_label(name)))
    return missing


def step_completed(profile: Profile, step: BasicStep) -> bool:
    """Whether a step of the wizard is done: its required fields are filled (after a 驳回 they still
    are, so the lawyer fixes the one step the 审核意见 names and confirms again, manual §3.2.3)."""
    if step.key == "confirm":
        return profile.basic_confirmed_at is not None
    if not step.required:
        return bool(profile.photo)  # 执业信息 has nothing to fill: done once the lawyer went past it
    return not any(_is_blank(getattr(profile, name)) for name in step.required)


def first_open_step(profile: Profile) -> BasicStep:
    """Where 我要补全 of 基本信息 opens the wizard: the first step not done yet."""
    return next((step for step in BASIC_STEPS if not step_completed(profile, step)), BASIC_STEPS[-1])


def basic_status(profile: Profile) -> str:
    return FILLED if profile.basic_confirmed_at else TO_FILL


def section_status(profile: Profile, section: Section, count: int | None = None) -> str:
    """已填写 when there are entries, 已填报为无 when declared none, else 待填写. Pass `count`
    when the caller has it already (the board counts every section in one query each)."""
    if count is None:
        count = section.entries(profile).count()
    if count:
        return FILLED
    if section.key in profile.declared_none:
        return DECLARED_NONE
    return TO_FILL


def section_counts(profile: Profile) -> dict[str, int]:
    return {section.key: section.entries(profile).count() for section in SECTIONS}


def board(profile: Profile) -> list[dict]:
    """The rows of the completion board (信息补全完成情况) in the manual's order, each with its column."""
    counts = section_counts(profile)
    rows = {"basic": {"key": "basic", "label": BASIC_LABEL, "status": basic_status(profile), "allows_none": False,
                      "count": 0}}  # fmt: skip
    for section in SECTIONS:
        rows[section.key] = {
            "key": section.key,
            "label": section.label,
            "status": section_status(profile, section, counts[section.key]),
            "allows_none": section.allows_none,
            "count": counts[section.key],
            "section": section,
        }
    return [{**rows[key], "column": BOARD_COLUMN_OF[key]} for key in BOARD_ORDER]


def change_board() -> list[dict]:
    """The rows of 信息变更完成情况: the completion board's items in the same order, without status."""
    labels = {"basic": BASIC_LABEL, **{section.key: section.label for section in SECTIONS}}
    return [{"key": key, "label": labels[key], "column": BOARD_COLUMN_OF[key]} for key in BOARD_ORDER]


def missing_items(profile: Profile, rows: list[dict] | None = None) -> list[str]:
    """The labels still 待填写: submission waits until this is empty."""
    rows = rows if rows is not None else board(profile)
    return [row["label"] for row in rows if row["status"] == TO_FILL]


# --- editing rules ------------------------------------------------------------------------------


def in_completion(profile: Profile) -> bool:
    return profile.state in COMPLETION_STATES


def in_change(profile: Profile) -> bool:
    return profile.state == S.APPROVED


def _check_editable(profile: Profile) -> None:
    if profile.state == S.SUBMITTED:
        raise ProfileError("您的材料已经提交审核，目前正在审核中！如需修改请点击“撤回信息补全申请”按钮后，再进行补全。")


def can_edit_entry(profile: Profile, section: Section) -> bool:
    """修改 / 删除 of an existing entry: not while under review, not for add-only sections after approval."""
    if profile.state == S.SUBMITTED:
        return False
    return not (in_change(profile) and section.add_only_after_approval)


def _display(instance, name: str) -> str:
    """A value as the change log writes it: an empty date is "null", as in the manual's log
    ("入职时间:null->2016-04-02"), an empty text nothing ("档案存放机关:->v")."""
    if getattr(instance, name) is None:
        return "null"
    return display_value(instance, name, empty="")


def describe(instance, fields) -> str:
    """An entry in words for the change log: "获奖级别:国家级,获奖内容:…,颁奖日期:2016-04-20"."""
    return ",".join(f"{instance._meta.get_field(name).verbose_name}:{_display(instance, name)}" for name in fields)


def _fill_defaults(profile: Profile, entry) -> None:
    for name, value in entry.defaults_for(profile).items():
        if _is_blank(getattr(entry, name)):
            setattr(entry, name, value)


def _log_change(profile: Profile, subject: str, action: str, summary: str, by) -> ProfileChange:
    return ProfileChange.objects.create(profile=profile, subject=subject, action=action, summary=summary, changed_by=by)


# --- 基本信息 -----------------------------------------------------------------------------------


@transaction.atomic
def save_basic(profile: Profile, data: dict, by, fields=None) -> list[str]:
    """Save fields of 基本信息 (a wizard step, or the 修改基本信息 form after approval).

    Returns the verbose names that changed. In completion, a change after 确认补全 withdraws the
    confirmation; after approval only CHANGEABLE_FIELDS may change and each change is logged."""
    profile = PROFILE.locked(profile)
    _check_editable(profile)
    fields = list(fields or data.keys())
    if in_change(profile):
        refused = [name for name in fields if name not in CHANGEABLE_FIELDS]
        if refused:
            labels = "、".join(str(Profile.field_label(name)) for name in refused)
            raise ProfileError(f"审核通过后，{labels}须通过工单修改。")
    if profile.account is None and any(name in Profile.ACCOUNT_FIELDS for name in fields):
        raise ProfileError("请登录会员中心开通账号后，再填写手机号码和电子邮箱。")
    changes = []
    for name in fields:
        before = _display(profile, name)
        setattr(profile, name, data[name])
        after = _display(profile, name)
        if before != after:
            changes.append((name, before, after))
    if not changes:
        return []
    if in_completion(profile):
        profile.basic_confirmed_at = None
    profile.save()
    on_account = [name for name, _, _ in changes if name in Profile.ACCOUNT_FIELDS]
    if on_account:
        with acting_as(by):
            profile.account.save(update_fields=on_account)
    if in_change(profile):
        _log_basic_change(profile, changes, by)
    return [str(Profile.field_label(name)) for name, _, _ in changes]


def _log_basic_change(profile: Profile, changes: list[tuple[str, str, str]], by) -> ProfileChange:
    """One 近期变更 row for changed fields of 基本信息: "手机号码:13800138000->13900139000,…"."""
    summary = ",".join(f"{Profile.field_label(n)}:{a}->{b}" for n, a, b in changes)
    return _log_change(profile, LAWYER_SUBJECT, "修改", summary, by)


def log_account_contact_change(lawyer: Lawyer, changes: dict[str, tuple[str, str]], by) -> None:
    """手机号码 or 电子邮箱 changed on 账户信息 (they are 联系方式's too): after approval it is
    written to 近期变更 as 修改基本信息 writes the same change, so staff see it either way."""
    profile = Profile.objects.filter(lawyer=lawyer).first()
    if profile is None or not in_change(profile):
        return
    logged = [(name, old, new) for name, (old, new) in changes.items() if name in Profile.ACCOUNT_FIELDS]
    if logged:
        _log_basic_change(profile, logged, by)


@transaction.atomic
def set_photo(profile: Profile, content, by) -> None:
    """Store a checked 358×441 JPEG (forms.checked_id_photo) as the profile's photo (设置照片 in
    completion, 更改照片 after approval)."""
    profile = PROFILE.locked(profile)
    _check_editable(profile)
    old = profile.photo.name if profile.photo else ""
    profile.photo.save("photo.jpg", content, save=False)
    values = {"photo": profile.photo}
    if in_completion(profile):
        values["basic_confirmed_at"] = None
    PROFILE.update(profile, "replace_photo" if old else "upload_photo", values, by=by)
    delete_on_commit(profile.photo.storage, old)
    if in_change(profile):
        _log_change(profile, LAWYER_SUBJECT, "修改", "证件照片:更换", by)


@transaction.atomic
def confirm_basic(profile: Profile, by) -> None:
    """确认补全 (step 6): every required basic field is filled. Not a submission."""
    profile = PROFILE.locked(profile)
    _check_editable(profile)
    missing = missing_basic_fields(profile)
    if missing:
        step, label = missing[0]
        raise ProfileError(f"“{step.label}”中的“{label}”尚未填写，请补全后再确认。")
    PROFILE.update(profile, "confirm_basic", {"basic_confirmed_at": timezone.now()}, by=by)


# --- the twelve sections --------------------------------------------------------------------------


@transaction.atomic
def add_entry(profile: Profile, section: Section, entry, by):
    """新增: `entry` is an unsaved, validated instance of the section's model."""
    profile = PROFILE.locked(profile)
    _check_editable(profile)
    entry.profile = profile
    _fill_defaults(profile, entry)
    entry.save()
    if section.key in profile.declared_none:
        profile.declared_none = [key for key in profile.declared_none if key != section.key]
        profile.save(update_fields=["declared_none", "updated_at"])
    if in_change(profile):
        _log_change(profile, section.label, "创建", describe(entry, section.fields), by)
    return entry


@transaction.atomic
def update_entry(profile: Profile, section: Section, entry, by, original=None):
    """修改: `entry` is the validated instance; `original` a copy from before the form ran, for the log."""
    profile = PROFILE.locked(profile)
    if not can_edit_entry(profile, section):
        raise ProfileError(refusal_message(profile, section, "修改"))
    _fill_defaults(profile, entry)
    entry.save()
    if in_change(profile) and original is not None:
        changed = [n for n in section.fields if _display(original, n) != _display(entry, n)]
        if changed:
            summary = ",".join(
                f"{entry._meta.get_field(n).verbose_name}:{_display(original, n)}->{_display(entry, n)}"
                for n in changed
            )
            _log_change(profile, section.label, "修改", summary, by)
    return entry


@transaction.atomic
def delete_entry(profile: Profile, section: Section, entry, by) -> None:
    profile = PROFILE.locked(profile)
    if not can_edit_entry(profile, section):
        raise ProfileError(refusal_message(profile, section, "删除"))
    summary = describe(entry, section.fields)
    entry.delete()
    if in_change(profile):
        _log_change(profile, section.label, "删除", summary, by)


def refusal_message(profile: Profile, section: Section, verb: str) -> str:
    if profile.state == S.SUBMITTED:
        return "您的材料已经提交审核，目前正在审核中，不能" + verb + "。"
    return f"审核通过后，{section.label}只能新增，不能{verb}。"


@transaction.atomic
def declare_none(profile: Profile, section: Section, by) -> None:
    """填报为无: only where "none" makes sense, and only while the section has no entries."""
    profile = PROFILE.locked(profile)
    _check_editable(profile)
    if not section.allows_none:
        raise ProfileError(f"{section.label}不能填报为无，请新增。")
    if section.entries(profile).exists():
        raise ProfileError(f"{section.label}已有记录，不能填报为无；如需填报为无请先删除记录。")
    if section.key not in profile.declared_none:
        PROFILE.update(
            profile,
            "declare_none",
            {"declared_none": [*profile.declared_none, section.key]},
            by=by,
            section=section.label,
        )
        if in_change(profile):
            _log_change(profile, section.label, "填报为无", "无", by)


# --- the state machine ----------------------------------------------------------------------------


@transaction.atomic
def submit(profile: Profile, by) -> Profile:
    """正式提交审核: everything filled or declared none."""

    def changes(profile: Profile) -> dict:
        missing = missing_items(profile)
        if missing:
            raise ProfileError("以下内容尚未填报：" + "、".join(missing) + "。")
        return {"submitted_at": timezone.now()}

    return PROFILE.move(profile, "submit", by, changes=changes)


@transaction.atomic
def withdraw(profile: Profile, by) -> Profile:
    return PROFILE.move(profile, "withdraw", by)


def _approval(by, opinion: str):
    def changes(profile: Profile) -> dict:
        return {
            "review_opinion": opinion,
            "reviewed_at": timezone.now(),
            "reviewed_by": by,
            "approved_once": True,
        }

    return changes


@transaction.atomic
def approve(profile: Profile, by, opinion: str = "") -> Profile:
    opinion = (opinion or "").strip()
    return PROFILE.move(profile, "approve", by, changes=_approval(by, opinion), 审核意见=opinion)


@transaction.atomic
def reject(profile: Profile, by, opinion: str) -> Profile:
    opinion = (opinion or "").strip()
    changes = {
        "review_opinion": opinion,
        "reviewed_at": timezone.now(),
        "reviewed_by": by,
        "basic_confirmed_at": None,  # manual §3.2.3: after a 驳回, 确认补全 again before resubmitting
    }
    return PROFILE.move(profile, "reject", by, changes=changes, 审核意见=opinion)


def approve_profiles(profiles, by) -> tuple[list, list]:
    """批量通过: lock all the rows in one query, approve the submitted ones; (approved, [(profile,
    refusal), ...])."""
    return PROFILE.move_many(profiles, "approve", by, changes=_approval(by, ""))


def approve_many(profile_ids, by) -> tuple[int, int]:
    """批量通过 by ids: how many were approved and how many skipped."""
    approved, skipped = approve_profiles(list(profile_ids), by)
    return len(approved), len(skipped)


def process_changes(changes, by) -> tuple[list, list]:
    """Staff acknowledge changes (待处理 → 已处理); already processed ones are refused and left as they are."""
    return CHANGE.move_many(changes, "process", by, changes={"processed_by": by, "processed_at": timezone.now()})


def mark_changes_processed(change_ids, by) -> int:
    processed, _ = process_changes(list(change_ids), by)
    return len(processed)


def register_state_label(profile: Profile) -> str:
    """The state printed on 《律师基本信息登记表》 and on its link (manual §3.2.3, §3.2.4)."""
    if profile.state == S.SUBMITTED:
        return "材料审核中"
    if profile.state == S.APPROVED:
        return "审核通过"
    return "尚未提交审核"
