from django.db import migrations, models


def awards_belong_to_their_lawyer(apps, schema_editor):
    """Awards entered before 所属人员 existed were the lawyer's own."""
    Award = apps.get_model("profiles", "Award")
    for award in Award.objects.filter(awardees="").select_related("profile__lawyer"):
        award.awardees = award.profile.lawyer.name
        award.save(update_fields=["awardees"])


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0003_audit_event_codes"),
    ]

    operations = [
        migrations.AddField(
            model_name="award",
            name="awardees",
            field=models.CharField(
                blank=True,
                help_text="默认为本人；集体获奖请填写全部获奖人员，以“、”分隔",
                max_length=200,
                verbose_name="所属人员",
            ),
        ),
        migrations.RunPython(awards_belong_to_their_lawyer, migrations.RunPython.noop),
    ]
