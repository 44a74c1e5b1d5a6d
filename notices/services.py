"""The rules of 我的公文 (manual 002 §4.3), one transaction each, on the shared workflow.

A 公文 is written as a draft, then 发布: its 传阅给 groups are resolved into recipients, frozen
(a later roster change does not change who it went to; staff may 追加传阅), and every recipient
is told by a job in batches, never in the request. Opening it records 已阅 for the version read;
an 更正 publishes the next version, which every recipient must read again. Recipients may 关注 a
document and give 反馈; followers are told of new feedback."""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from member_center.models import Firm, Lawyer, MemberKind, PracticeType, RosterStatus
from portal.tasks import enqueue, enqueue_on_commit
from portal.uploads.rules import ATTACHMENTS
from portal.workflow import Transition, Workflow, WorkflowError

from .models import (
    Circle,
    CircleKind,
    DocumentState,
    DocumentVersion,
    Download,
    Feedback,
    OfficialDocument,
    ReadReceipt,
    Recipient,
)

S = DocumentState
PUBLISH = "notices.publish_officialdocument"
VIEW = "notices.view_officialdocument"
RULE = ATTACHMENTS  # images, PDF and Office documents by content, ≤ 10 MB each, ≤ 5 per upload
NOTIFY_TASK = "notices.tasks.notify_recipients"
BATCH = 1000  # recipients written, and told, per insert

DOCUMENT = Workflow(
    "notices.document",
    OfficialDocument,
    transitions=[
        Transition("publish", [S.DRAFT], S.PUBLISHED, "发布", permission=PUBLISH),
        Transition("correct", [S.PUBLISHED], S.PUBLISHED, "发布更正", permission=PUBLISH, reason_required=True,
                   reason_message="请填写更正说明。"),
    ],
    events={"add_recipients": "追加传阅", "remind": "提醒未读", "feedback": "反馈", "attach": "上传附件"},
)  # fmt: skip


# --- who the groups are ------------------------------------------------------------------------


def _practising(queryset):
    return queryset.filter(status=RosterStatus.PRACTISING)


def circle_problems(circle: Circle, practising_among=None) -> dict[str, str]:
    """What keeps a 传阅给 group from naming its members, by field, in words staff act on: a
    number no member has, one of a member not practising (named), a lawyer's number where a firm's
    is wanted. The editor's form shows them beside the field; publishing checks them again (the
    roster may have changed since). `practising_among`: only these numbers must be of practising
    members (the editor's form asks it of what was typed now; 追加传阅 of none, since who stopped
    practising is simply not added); None: all."""
    if circle.kind == CircleKind.PRACTICE_TYPE and not circle.practice_type:
        return {"practice_type": "“按执业类别”传阅须选择执业类别。"}
    if circle.kind not in (CircleKind.MEMBERS, CircleKind.FIRM_LAWYERS):
        return {}
    numbers = circle.number_list()
    if not numbers:
        return {"numbers": f"“{circle.label}”须选择会员或填写执业证号 / 执业许可证号。"}
    from member_center.member_chooser import members_by_number

    found = members_by_number(numbers)
    unknown = [n for n in numbers if n not in found]
    lawyers = [n for n in numbers if isinstance(found.get(n), Lawyer)]
    checked = numbers if practising_among is None else [n for n in numbers if n in practising_among]
    idle = [found[n] for n in checked if n in found and found[n].status != RosterStatus.PRACTISING]
    problems = []
    if unknown:
        problems.append(f"以下号码查无此会员：{'、'.join(unknown[:20])}{' 等' if len(unknown) > 20 else ''}。")
    if circle.kind == CircleKind.FIRM_LAWYERS and lawyers:
        problems.append(
            f"“{circle.label}”须填写律师事务所的执业许可证号，以下是律师的执业证号：{'、'.join(lawyers[:20])}。"
        )
    if idle:
        names = "、".join(f"{member.name}（{member.login_name}）" for member in idle[:20])
        problems.append(f"以下会员不在执业状态：{names}。")
    return {"numbers": "".join(problems)} if problems else {}


def circle_members(circle: Circle) -> tuple:
    """(lawyers, firms) querysets of the practising members a group names now."""
    none_l, none_f = Lawyer.objects.none(), Firm.objects.none()
    kind = circle.kind
    lawyers = _practising(Lawyer.objects.all())
    firms = _practising(Firm.objects.all())
    if kind == CircleKind.ALL_LAWYERS:
        return lawyers.filter(kind=MemberKind.LAWYER), none_f
    if kind == CircleKind.ALL_FIRMS:
        return none_l, firms.filter(kind=MemberKind.LAW_FIRM)
    if kind == CircleKind.LEGAL_AID:
        return lawyers.filter(kind=MemberKind.LAWYER, practice_type=PracticeType.LEGAL_AID), none_f
    if kind == CircleKind.TRAINEES:
        return lawyers.filter(kind=MemberKind.TRAINEE), none_f
    if kind == CircleKind.PRACTICE_TYPE:
        return lawyers.filter(kind=MemberKind.LAWYER, practice_type=circle.practice_type), none_f
    numbers = circle.number_list()
    in_firms = Q(licence_no__in=numbers) | Q(member_no__in=numbers)
    if kind == CircleKind.FIRM_LAWYERS:
        return lawyers.filter(firm__in=Firm.objects.filter(in_firms)), none_f
    return lawyers.filter(in_firms), firms.filter(in_firms)


def check_circles(document: OfficialDocument, adding: bool = False) -> list[Circle]:
    circles = list(document.circles.all())
    if not circles:
        raise WorkflowError("请先添加传阅范围（传阅给）。")
    for circle in circles:
        for problem in circle_problems(circle, practising_among=() if adding else None).values():
            raise WorkflowError(problem if problem.startswith("“") else f"“{circle.label}”：{problem}")
    return circles


def freeze_recipients(document: OfficialDocument, circles) -> int:
    """Add every member the groups name now and the document has not gone to yet, in batches.
    Returns how many were added."""
    now = timezone.now()
    have_lawyers = set(document.recipients.filter(lawyer__isnull=False).values_list("lawyer_id", flat=True))
    have_firms = set(document.recipients.filter(firm__isnull=False).values_list("firm_id", flat=True))
    rows = []
    for circle in circles:
        lawyers, firms = circle_members(circle)
        for pk, name, login in lawyers.values_list("pk", "name", "licence_no").iterator(chunk_size=BATCH):
            if pk not in have_lawyers:
                have_lawyers.add(pk)
                rows.append(Recipient(document=document, lawyer_id=pk, name=name, login_name=login, added_at=now))
        for pk, name, licence, member_no in firms.values_list("pk", "name", "licence_no", "member_no").iterator(
            chunk_size=BATCH
        ):
            if pk not in have_firms:
                have_firms.add(pk)
                rows.append(
                    Recipient(document=document, firm_id=pk, name=name, login_name=licence or member_no, added_at=now)
                )
    Recipient.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


# --- staff's side ------------------------------------------------------------------------------


def next_attachments(document: OfficialDocument):
    """The files the next publication carries unless staff choose otherwise: the current
    version's and those uploaded since it was published (every file, before the first)."""
    files = document.attachments.all()
    current = document.current
    if current is None:
        return files
    return files.filter(Q(document_versions=current) | Q(created_at__gt=current.published_at)).distinct()


def _snapshot(document: OfficialDocument, by, note: str = "", attachments=None) -> DocumentVersion:
    """The version as published, with the files it carries (by default `next_attachments`)."""
    files = list(next_attachments(document) if attachments is None else attachments)
    own = ContentType.objects.get_for_model(OfficialDocument).pk
    if any(file.object_id != document.pk or file.content_type_id != own for file in files):
        raise WorkflowError("只能发布本公文的附件。")
    version = DocumentVersion.objects.create(
        document=document,
        version=document.version,
        number=document.number,
        received_on=document.received_on,
        issuer=document.issuer,
        issued_on=document.issued_on,
        secrecy=document.secrecy,
        title=document.title,
        keywords=document.keywords,
        body=document.body,
        note=note,
        published_at=timezone.now(),
        published_by=by if getattr(by, "is_authenticated", False) else None,
    )
    version.attachments.set(files)
    return version


def _tell(document: OfficialDocument, audience: str, after_id: int = 0, exclude_id: int = 0) -> None:
    enqueue_on_commit(NOTIFY_TASK, document.pk, audience, after_id, exclude_id)


@transaction.atomic
def publish(document: OfficialDocument, by) -> OfficialDocument:
    """发布: the groups resolved into recipients (frozen), version 1, everyone told by a job."""
    circles = check_circles(document)

    def changes(locked):
        # Inside the move, so its one audit entry holds the version and the count too.
        locked.version = 1
        return {
            "version": 1,
            "published_at": timezone.now(),
            "current": _snapshot(locked, by),
            "recipient_count": freeze_recipients(locked, circles),
        }

    moved = DOCUMENT.move(document, "publish", by, changes=changes)
    _tell(moved, "all")
    return moved


@transaction.atomic
def correct(document: OfficialDocument, by, note: str, attachments=None) -> OfficialDocument:
    """发布更正: the edited fields become the next version, with `attachments` (by default
    `next_attachments`); every recipient must read it again. Earlier versions keep their files."""

    def changes(locked):
        locked.version += 1
        current = _snapshot(locked, by, note=(note or "").strip(), attachments=attachments)
        return {"version": locked.version, "current": current}

    moved = DOCUMENT.move(document, "correct", by, note, changes=changes)
    _tell(moved, "all")
    return moved


@transaction.atomic
def add_recipients(document: OfficialDocument, by) -> int:
    """追加传阅: the groups resolved again; whoever they name now and did not have it gets it (and is
    told). Nobody is taken off."""
    locked = DOCUMENT.locked(document)
    if locked.state != S.PUBLISHED:
        raise WorkflowError("公文尚未发布，发布时将按传阅范围传阅。")
    if not DOCUMENT.may(by, locked, DOCUMENT["correct"]):
        raise WorkflowError("您没有权限追加传阅。")
    circles = check_circles(locked, adding=True)
    last = locked.recipients.order_by("-pk").values_list("pk", flat=True).first() or 0
    added = freeze_recipients(locked, circles)
    if added:
        DOCUMENT.update(locked, "add_recipients", {"recipient_count": locked.recipient_count + added}, by=by,
                        added=added)  # fmt: skip
        _tell(locked, "all", after_id=last)
    return added


@transaction.atomic
def remind_unread(document: OfficialDocument, by) -> int:
    """提醒未读: a message to each recipient who has not read the current version."""
    locked = DOCUMENT.locked(document)
    if locked.state != S.PUBLISHED:
        raise WorkflowError("公文尚未发布。")
    if not DOCUMENT.may(by, locked, DOCUMENT["correct"]):
        raise WorkflowError("您没有权限提醒未读。")
    unread = locked.recipients.filter(read_version__lt=locked.version).count()
    DOCUMENT.log(locked, "remind", by=by, unread=unread)
    _tell(locked, "unread")
    return unread


@transaction.atomic
def attach_files(document: OfficialDocument, by, files) -> list:
    from portal.uploads.services import attach

    locked = DOCUMENT.locked(document)
    if not (getattr(by, "is_authenticated", False) and by.has_perm("notices.change_officialdocument")):
        raise WorkflowError("您没有权限上传附件。")
    created = attach(locked, files, RULE, by=by)
    DOCUMENT.log(locked, "attach", by=by, files="、".join(a.original_name for a in created))
    return created


def read_rate(document: OfficialDocument) -> tuple[int, int, str]:
    """(已阅, 传阅人数, 已阅率) of the current version."""
    total = document.recipients.count()
    read = document.recipients.filter(read_version__gte=document.version).count() if total else 0
    rate = f"{read * 100 / total:.1f}%" if total else "—"
    return read, total, rate


# --- the member's side -------------------------------------------------------------------------


def documents_of(member):
    """The member's own receipts of published documents, newest first (a firm: the firm's)."""
    return (
        Recipient.objects.of_member(member)
        .filter(document__state=S.PUBLISHED)
        .select_related("document__current")
        .order_by("-document__published_at", "-document_id")
    )


def record_read(recipient: Recipient) -> bool:
    """已阅: the first opening of the current version is kept with its time; later ones change
    nothing. Returns whether this opening was the first."""
    version = recipient.document.version
    if recipient.read_version >= version:
        return False
    now = timezone.now()
    with transaction.atomic():
        updated = Recipient.objects.filter(pk=recipient.pk, read_version__lt=version).update(
            read_version=version, read_at=now
        )
        if not updated:
            return False  # another tab was first
        ReadReceipt.objects.get_or_create(recipient=recipient, version=version, defaults={"read_at": now})
    recipient.read_version, recipient.read_at = version, now
    return True


def set_following(recipient: Recipient, following: bool) -> None:
    """关注 / 取消关注: followers are told of new feedback."""
    Recipient.objects.filter(pk=recipient.pk).update(following=following)
    recipient.following = following


def give_feedback(recipient: Recipient, *, submission_token: uuid.UUID, body: str, files=(), by=None):
    """反馈. The token makes a double click return the first feedback. Returns (feedback, created)."""
    body = (body or "").strip()
    if not body:
        raise WorkflowError("请填写反馈内容。")
    with transaction.atomic():
        existing = Feedback.objects.filter(submission_token=submission_token, recipient=recipient).first()
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                feedback = Feedback.objects.create(
                    document=recipient.document, recipient=recipient, submission_token=submission_token, body=body
                )
        except IntegrityError:
            existing = Feedback.objects.filter(submission_token=submission_token, recipient=recipient).first()
            if existing is None:
                raise WorkflowError("提交失败，请刷新页面后重试。") from None
            return existing, False
        if files:
            from portal.uploads.services import attach

            attach(feedback, files, RULE, by=by)
        DOCUMENT.log(recipient.document, "feedback", by=by, recipient=recipient.name)
        _tell(recipient.document, "followers", exclude_id=recipient.pk)
    return feedback, True


def record_download(recipient: Recipient, attachment) -> None:
    """Each download of a classified document's file is kept, with who and when."""
    if recipient.document.is_classified:
        Download.objects.create(recipient=recipient, attachment=attachment)


def download_name(recipient: Recipient, attachment) -> str:
    """A classified document's file carries its reader's name: 张明文_通知.pdf."""
    name = attachment.download_name
    if recipient.document.is_classified:
        return f"{recipient.name}_{name}"
    return name


# --- who sees the files ------------------------------------------------------------------------


def is_staff_reader(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm(VIEW)


def may_see_document_files(user, document: OfficialDocument) -> bool:
    """Through /files/: staff only. Members download through 我的公文's own address, which knows
    which versions a file was published with (a file uploaded for the next 更正 is nobody's yet)
    and names and records a classified document's downloads."""
    return is_staff_reader(user)


def version_file(recipient: Recipient, uuid):
    """A file one of the recipient's document's versions was published with, or None."""
    from portal.uploads.models import Attachment

    return Attachment.objects.filter(uuid=uuid, document_versions__document_id=recipient.document_id).first()


def may_see_feedback_files(user, feedback: Feedback) -> bool:
    if is_staff_reader(user):
        return True
    member = getattr(user, "member", None)
    if member is None or feedback.document.is_classified:
        return False
    return Recipient.objects.of_member(member).filter(document_id=feedback.document_id).exists()


def reconcile_jobs(cutoff) -> dict[str, int]:
    """Published documents with recipients not told of the current version, published (or added)
    before `cutoff`: their job was lost (portal.reconcile), so it is queued again. The job tells
    only those still untold."""
    untold = (
        OfficialDocument.objects.filter(
            state=S.PUBLISHED,
            current__published_at__lt=cutoff,
            recipients__told_version__lt=F("version"),
            recipients__added_at__lt=cutoff,
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    documents = list(untold)  # a list: the database broker closes the connection per job
    for pk in documents:
        enqueue(NOTIFY_TASK, pk, "all")
    return {"公文通知": len(documents)}
