"""Storing and removing attachments, inside the caller's transaction.

A new file is written when `attach` runs; a removed or replaced file is deleted from the
storage only once the transaction commits, so a rolled-back change still finds its files."""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from portal.storage import delete_on_commit

from .models import Attachment
from .rules import UploadRule, check_files


def attachments_of(owner: models.Model):
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(owner), object_id=owner.pk
    ).select_related("uploaded_by")


@transaction.atomic
def attach(owner: models.Model, files, rule: UploadRule, by=None, replace: bool = False) -> list[Attachment]:
    """Check `files` against `rule` (ValidationError when one breaks it; the count includes the
    owner's attachments kept from before) and store each under a random name.
    With replace=True the owner's current attachments give way to the new ones."""
    current = list(attachments_of(owner)) if replace else []
    already = 0 if replace else attachments_of(owner).count()
    checked = check_files(files, rule, already=already)
    content_type = ContentType.objects.get_for_model(owner)
    uploader = by if getattr(by, "is_authenticated", False) else None
    created, written = [], []
    try:
        for item in checked:
            attachment = Attachment(
                content_type=content_type,
                object_id=owner.pk,
                original_name=item.name,
                mime_type=item.mime,
                size=item.size,
                uploaded_by=uploader,
            )
            item.file.seek(0)
            attachment.file.save(f"upload{item.kind.extensions[0]}", item.file, save=False)
            written.append(attachment.file.name)
            attachment.save()
            created.append(attachment)
        for old in current:
            delete_attachment(old)
    except BaseException:
        # Our own failure: nothing will point at the files just written.
        storage = Attachment._meta.get_field("file").storage
        for name in written:
            storage.delete(name)
        raise
    return created


def replace_attachments(owner: models.Model, files, rule: UploadRule, by=None) -> list[Attachment]:
    return attach(owner, files, rule, by=by, replace=True)


@transaction.atomic
def delete_attachment(attachment: Attachment) -> None:
    """Remove the row now and its file once the transaction commits."""
    name, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    delete_on_commit(storage, name)
