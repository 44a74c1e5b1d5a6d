from django.contrib.auth.hashers import make_password
from django.db import migrations


def contact_to_the_account(apps, schema_editor):
    """联系方式's 手机号码 and 电子邮箱 move onto the lawyer's account (one value with 账户信息).

    Where both were filled, the profile's wins: it is the one the lawyer typed for the association
    and the association reviewed. A lawyer with contact details but no account yet gets one with no
    usable password, which his first login with the initial password provisions as usual."""
    Profile = apps.get_model("profiles", "Profile")
    User = apps.get_model("member_center", "User")
    for profile in Profile.objects.exclude(mobile="", email="").select_related("lawyer"):
        lawyer = profile.lawyer
        account = User.objects.filter(lawyer=lawyer).first()
        if account is None:
            account = User(
                username=lawyer.licence_no, lawyer=lawyer, password=make_password(None), must_change_password=True
            )
        account.mobile = profile.mobile or account.mobile
        account.email = profile.email or account.email
        account.save()


def contact_back_to_the_profile(apps, schema_editor):
    Profile = apps.get_model("profiles", "Profile")
    User = apps.get_model("member_center", "User")
    for account in User.objects.filter(lawyer__profile__isnull=False):
        Profile.objects.filter(lawyer_id=account.lawyer_id).update(mobile=account.mobile, email=account.email)


class Migration(migrations.Migration):
    dependencies = [
        ("member_center", "0003_user_notify_by_email"),
        ("profiles", "0004_award_awardees"),
    ]

    operations = [
        migrations.RunPython(contact_to_the_account, contact_back_to_the_profile),
        migrations.RemoveField(model_name="profile", name="email"),
        migrations.RemoveField(model_name="profile", name="mobile"),
    ]
