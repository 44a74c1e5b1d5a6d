from django.db import migrations
from PIL import Image

ID_PHOTO_SIZE = (358, 441)
ID_PHOTO_MAX_BYTES = 1024 * 1024


def meets_the_id_photo_rule(field) -> bool:
    """A 358×441 JPEG of at most 1 MB, read from the header only (the rule as it stands today)."""
    try:
        if field.storage.size(field.name) > ID_PHOTO_MAX_BYTES:
            return False
        with field.storage.open(field.name, "rb") as handle, Image.open(handle) as image:
            return image.format == "JPEG" and image.size == ID_PHOTO_SIZE
    except Exception:  # a missing or unreadable file is not moved
        return False


def account_photos_to_the_profile(apps, schema_editor):
    """A practising lawyer's 个人照片 (账户信息) is now his profile's 近期免冠证件照: one photo, kept on
    the profile. An account photo that meets the ID photo rule becomes the profile's where the
    profile has none (the file stays where it is; only the name moves). One taken under the old
    rule (any JPG or PNG, scaled to 800 px) is left on the account, no longer shown: the lawyer
    uploads one that meets the rule, as his profile asks anyway."""
    Profile = apps.get_model("profiles", "Profile")
    User = apps.get_model("member_center", "User")
    accounts = User.objects.filter(lawyer__kind="lawyer").exclude(photo="").select_related("lawyer")
    for account in accounts:
        lawyer = account.lawyer
        profile = Profile.objects.filter(lawyer=lawyer).first()
        if (profile is not None and profile.photo) or not meets_the_id_photo_rule(account.photo):
            continue
        if profile is None:
            profile = Profile(
                lawyer=lawyer, id_document_no=lawyer.id_number, first_practised_on=lawyer.first_licensed_on
            )
        profile.photo = account.photo.name
        profile.save()
        account.photo = ""
        account.save(update_fields=["photo"])


class Migration(migrations.Migration):
    dependencies = [
        ("member_center", "0003_user_notify_by_email"),
        ("profiles", "0005_contact_on_the_account"),
    ]

    operations = [migrations.RunPython(account_photos_to_the_profile, migrations.RunPython.noop)]
