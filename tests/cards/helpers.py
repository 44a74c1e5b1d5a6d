"""Card applications for the tests, made through the services (as a member and staff would)."""

import uuid

from django.core.files.base import ContentFile

from member_center.cards import services
from member_center.cards.models import ApplicationKind, ApplicationState
from tests.factories import LawyerFactory, StaffUserFactory, id_photo

S = ApplicationState


def photo() -> ContentFile:
    return ContentFile(id_photo(), name="photo.jpg")


def apply(lawyer=None, kind=ApplicationKind.FIRST, token=None):
    lawyer = lawyer if lawyer is not None else LawyerFactory()
    application, _ = services.submit(lawyer, kind, submission_token=token or uuid.uuid4(), photo=photo())
    return application


PATH = [S.ACCEPTED, S.PRINTED, S.MAKING, S.MADE, S.CHECKED, S.COLLECTED]


def bring(application, state, staff=None):
    """The application moved along the pipeline to `state` (or 已驳回 / 已撤消)."""
    staff = staff or StaffUserFactory(superuser=True)
    if state == S.REJECTED:
        services.reject(application, staff, "照片不符合证件照要求")
    elif state == S.REVOKED:
        services.revoke(application, None)
    elif state != S.PENDING:
        steps = {
            S.ACCEPTED: lambda a: services.accept(a, staff),
            S.PRINTED: lambda a: services.export_batch([a.pk], staff),
            S.MAKING: lambda a: services.make(a, staff),
            S.MADE: lambda a: services.made(a, staff, "协会一楼服务大厅", "工作日 9:00–17:00"),
            S.CHECKED: lambda a: services.check(a, staff),
            S.COLLECTED: lambda a: services.collect(a, staff),
        }
        for step in PATH:
            steps[step](application)
            application.refresh_from_db()
            if step == state:
                break
    application.refresh_from_db()
    assert application.state == state
    return application


def in_state(state, lawyer=None):
    return bring(apply(lawyer), state)


def with_card(lawyer=None):
    """A lawyer holding a collected card; returns the card."""
    application = in_state(S.COLLECTED, lawyer)
    return application.card
