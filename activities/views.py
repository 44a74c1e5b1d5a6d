"""The member's side of 活动报名 (manual 002 §4.1) and 培训记录 (§4.2).

A sign-up is looked up through the member's own (`SignUp.objects.of_member(request.member)`), so
another member's 签到码 in an address is a 404, as is one that does not exist. What a member may
do is asked of services.permissions / services.signup_actions, never decided here."""

import datetime

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from member_center.decorators import member_required
from member_center.models import Lawyer
from member_center.tickets.links import new_ticket_url
from portal.membercopies import kept_for_member
from portal.site_url import site_url
from portal.workflow import WorkflowError

from . import services, windows
from .forms import FirmSignUpForm, LeaveForm, SignUpForm, TrainingYearForm
from .models import ActivityPage, SignUp, SignUpState, eligible_group

PAGE_SIZE = 10
TAB_OPEN, TAB_MINE = "open", "mine"


def open_activities(member, now):
    """正在报名的活动: live, open to this member's group, inside the sign-up window."""
    return (
        ActivityPage.objects.live()
        .filter(signup_opens__lte=now, signup_closes__gt=now, eligible__contains=f",{eligible_group(member)},")
        .filter(ledger__closed_at__isnull=True)
        .select_related("ledger")
        .order_by("signup_closes", "pk")
    )


def _live_signups(member):
    return SignUp.objects.of_member(member).active()


@kept_for_member
@member_required
def activity_list(request):
    """活动报名: 正在报名的活动 and 我已报名的活动."""
    member, now = request.member, timezone.now()
    tab = TAB_MINE if request.GET.get("tab") == TAB_MINE else TAB_OPEN
    context = {"tab": tab, "now": now}
    if tab == TAB_OPEN:
        page = Paginator(open_activities(member, now), PAGE_SIZE).get_page(request.GET.get("page"))
        ids = [activity.pk for activity in page.object_list]
        mine = {}
        for signup in _live_signups(member).filter(activity_id__in=ids).only("activity_id", "state"):
            mine.setdefault(signup.activity_id, []).append(signup)
        context["rows"] = [(activity, mine.get(activity.pk, [])) for activity in page.object_list]
    else:
        signups = (
            SignUp.objects.of_member(member)
            .select_related("activity", "activity__ledger", "firm")
            .order_by("-created_at", "-pk")
        )
        page = Paginator(signups, PAGE_SIZE).get_page(request.GET.get("page"))
        context["rows"] = [(signup, services.signup_actions(signup, member, now)) for signup in page.object_list]
    context["page"] = page
    return render(request, "activities/activity_list.html", context)


def _activity(pk) -> ActivityPage:
    return get_object_or_404(ActivityPage.objects.live().select_related("ledger"), pk=pk)


@kept_for_member
@member_required
def activity_detail(request, pk):
    """报名参与活动 <name>: the activity as the manual lays it out, then the 报名表 or 您已经报名此活动."""
    activity = _activity(pk)
    member = request.member
    is_firm = not isinstance(member, Lawyer)
    signed = list(
        SignUp.objects.of_member(member)
        .filter(activity=activity)
        .active()
        .select_related("firm", "attendee")
        .order_by("created_at", "pk")
    )
    allowed = services.permissions(activity, member, signups=signed)
    form = None
    if allowed.sign_up or allowed.join_waitlist:
        wait = allowed.join_waitlist
        if request.method == "POST":
            form = _signup_form(request, activity, member, signed, data=request.POST, files=request.FILES)
            if form.is_valid():
                entries = form.entries() if is_firm else [form.entry(member)]
                try:
                    made = services.sign_up(
                        activity, member, entries, by=request.user, wait=wait,
                        files=[checked.file for checked in form.cleaned_data["files"]],
                    )  # fmt: skip
                except ValidationError as error:
                    form.add_error("files", error)
                except WorkflowError as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(request, _signed_message(made))
                    return redirect(activity.member_url())
        else:
            form = _signup_form(request, activity, member, signed)
    elif request.method == "POST":
        messages.error(request, allowed.why_not["sign_up"])
        return redirect(activity.member_url())
    now = timezone.now()
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "windows": windows.windows(activity),
            "status": windows.status_label(activity, now),
            "remaining": windows.remaining(activity),
            "allowed": allowed,
            "form": form,
            "is_firm": is_firm,
            "signed": [(signup, services.signup_actions(signup, member, now)) for signup in signed],
        },
    )


def _signup_form(request, activity, member, signed, data=None, files=None):
    if isinstance(member, Lawyer):
        initial = SignUpForm.initial_for(member) if data is None else None
        return SignUpForm(data, files, initial=initial)
    already = SignUp.objects.filter(activity=activity).active().values_list("attendee_id", flat=True)
    return FirmSignUpForm(data, files, firm=member, exclude=already)


def _signed_message(made) -> str:
    seats = [s for s in made if s.state == SignUpState.SIGNED_UP]
    waiting = [s for s in made if s.state == SignUpState.WAITING]
    parts = []
    if seats:
        parts.append(f"报名成功：{'、'.join(s.name for s in seats)}。")
    if waiting:
        parts.append(
            f"名额已满，{'、'.join(s.name for s in waiting)}已加入候补名单，有人取消报名时按顺序递补并通知您。"
        )
    return "".join(parts)


def _own_signup(request, code) -> SignUp:
    queryset = SignUp.objects.of_member(request.member).select_related(
        "activity", "activity__ledger", "firm", "attendee"
    )
    return get_object_or_404(queryset, code=code)


def check_in_url(signup: SignUp) -> str:
    """What the sign-up's QR code holds: staff's check-in page with the code (any camera app opens it)."""
    path = reverse("activities_admin:check_in", args=[signup.activity_id])
    return f"{site_url()}{path}?code={signup.code}"


@kept_for_member
@member_required
def signup_detail(request, code):
    """One sign-up: its state, 签到码 with its QR code, 加入日历, 取消报名 / 请假 while open."""
    signup = _own_signup(request, code)
    activity = signup.activity
    qr = segno.make(check_in_url(signup), error="m")
    return render(
        request,
        "activities/signup_detail.html",
        {
            "signup": signup,
            "activity": activity,
            "windows": windows.windows(activity),
            "actions": services.signup_actions(signup, request.member),
            "position": services.waiting_position(signup),
            "qr_svg": qr.svg_inline(scale=5, title=f"签到码 {signup.code}"),
            "leave": getattr(signup, "leave", None) if signup.state == SignUpState.ON_LEAVE else None,
            "ticket_url": new_ticket_url("活动请假", f"活动请假 · {activity.title} · {signup.name}"),
        },
    )


@member_required
def signup_cancel(request, code):
    """取消报名: confirmed, then the seat goes to the waiting list's first."""
    signup = _own_signup(request, code)
    actions = services.signup_actions(signup, request.member)
    if request.method == "POST":
        try:
            services.cancel(signup, by=request.user)
        except WorkflowError as error:
            messages.error(request, str(error))
            return redirect(signup.get_absolute_url())
        messages.success(request, f"已取消{signup.name}在活动“{signup.activity.title}”的报名。")
        return redirect(f"{reverse('activities:list')}?tab={TAB_MINE}")
    if not actions.cancel:
        messages.error(request, actions.cancel_refusal)
        return redirect(signup.get_absolute_url())
    return render(request, "activities/signup_cancel.html", {"signup": signup, "activity": signup.activity})


@member_required
def signup_leave(request, code):
    """活动请假个人申请人: 请假原因 and 请假附件 → 请假成功."""
    signup = _own_signup(request, code)
    activity = signup.activity
    actions = services.signup_actions(signup, request.member)
    if not actions.leave:
        messages.error(request, actions.leave_refusal)
        return redirect(signup.get_absolute_url())
    form = LeaveForm(request.POST or None, request.FILES or None, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_leave(
                signup, request.user, form.cleaned_data["reason"], [c.file for c in form.cleaned_data["files"]]
            )
        except ValidationError as error:
            form.add_error("files", error)
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "请假成功")
            return redirect(signup.get_absolute_url())
    return render(
        request,
        "activities/signup_leave.html",
        {"signup": signup, "activity": activity, "form": form, "status": windows.status_label(activity)},
    )


@member_required
def signup_calendar(request, code):
    """加入日历: the activity as an iCalendar file."""
    from icalendar import Alarm, Calendar, Event

    signup = _own_signup(request, code)
    if signup.state == SignUpState.CANCELLED:
        raise Http404
    activity = signup.activity
    calendar = Calendar()
    calendar.add("prodid", "-//广州市律师协会//活动报名//ZH")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"signup-{signup.code}@lawyers")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", activity.starts_at)
    event.add("dtend", activity.ends_at)
    event.add("summary", activity.title)
    event.add("location", activity.place)
    event.add("description", f"主办方：{activity.organiser}\n参加人：{signup.name}\n签到码：{signup.code}")
    event.add("url", f"{site_url()}{signup.get_absolute_url()}")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", activity.title)
    alarm.add("trigger", -datetime.timedelta(hours=2))
    event.add_component(alarm)
    calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="activity-{signup.code}.ics"'
    return response


@kept_for_member
@member_required
def training(request):
    """培训记录: 现场培训, 线上培训 and 总学时 of a year, its courses, and the annual requirement."""
    member = request.member
    if not isinstance(member, Lawyer):
        raise Http404
    years = services.training_years(member)
    form = TrainingYearForm(request.GET or None, years=years)
    year = form.cleaned_data["year"] if form.is_valid() and form.cleaned_data["year"] else years[0]
    return render(request, "activities/training.html", {"form": form, "summary": services.training_year(member, year)})
