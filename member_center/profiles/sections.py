"""The twelve sections of a profile (manual 002 §3.2.2), in the board's order.

Each one is written here once: its URL key, its model, whether 填报为无 makes sense for it
(everyone has an education and a working life), and whether, after approval, it only takes
additions (获奖情况 and 惩罚情况, manual §3.3.2)."""

from dataclasses import dataclass

from django.db import models as django_models

from . import models


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    model: type[django_models.Model]
    related_name: str
    allows_none: bool = True
    add_only_after_approval: bool = False
    # The fields the list page shows, in order (the rest appear on the form).
    list_fields: tuple[str, ...] = ()

    def entries(self, profile):
        return getattr(profile, self.related_name).all()

    @property
    def fields(self) -> list[str]:
        skip = {"id", "profile", "created_at", "updated_at"}
        return [f.name for f in self.model._meta.concrete_fields if f.name not in skip]


SECTIONS: list[Section] = [
    Section(
        "education", "教育经历", models.Education, "education_entries", allows_none=False,
        list_fields=("start_on", "end_on", "school", "major", "education_level", "degree", "full_time"),
    ),
    Section(
        "work", "工作经历", models.WorkExperience, "work_entries", allows_none=False,
        list_fields=("start_on", "end_on", "employer", "position", "kind"),
    ),
    Section(
        "family", "家庭成员", models.FamilyMember, "family_entries",
        list_fields=("relation", "name", "birth_date", "employer", "position"),
    ),
    Section(
        "award", "获奖情况", models.Award, "award_entries", add_only_after_approval=True,
        list_fields=("awarded_on", "level", "content", "awardees", "issuer"),
    ),
    Section(
        "penalty", "惩罚情况", models.Penalty, "penalty_entries", add_only_after_approval=True,
        list_fields=("decided_on", "kind", "content", "authority"),
    ),
    Section(
        "side_role", "社会兼职", models.SideRole, "side_role_entries",
        list_fields=("organisation", "position", "start_on", "end_on"),
    ),
    Section(
        "political", "参政议政", models.PoliticalRole, "political_entries",
        list_fields=("kind", "level", "term", "start_on", "end_on"),
    ),
    Section(
        "public_service", "社会公益", models.PublicService, "public_service_entries",
        list_fields=("name", "organisation", "start_on", "end_on"),
    ),
    Section(
        "association", "协会任职", models.AssociationRole, "association_entries",
        list_fields=("association", "position", "committee", "start_on", "end_on"),
    ),
    Section(
        "skill", "专业技能", models.Skill, "skill_entries",
        list_fields=("name", "proficiency", "certificate", "obtained_on"),
    ),
    Section(
        "language", "语言能力", models.LanguageSkill, "language_entries",
        list_fields=("language", "proficiency", "certificate"),
    ),
    Section(
        "publication", "出版著作", models.Publication, "publication_entries",
        list_fields=("title", "kind", "publisher", "published_on", "role"),
    ),
]  # fmt: skip

SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}

# The boards' two columns (信息补全完成情况, 信息变更完成情况), as the manual's figures lay them out
# (§3.2.3, §3.3); 基本信息 heads the first. 出版著作, listed in §3.2 but not on the figures, ends
# the second. A phone shows the first column, then the second.
BOARD_COLUMNS: tuple[tuple[str, ...], tuple[str, ...]] = (
    ("basic", "education", "award", "penalty", "public_service", "association"),
    ("work", "family", "side_role", "political", "skill", "language", "publication"),
)
BOARD_ORDER = [key for column in BOARD_COLUMNS for key in column]
BOARD_COLUMN_OF = {key: number for number, column in enumerate(BOARD_COLUMNS, start=1) for key in column}
PREFETCH_ALL = [section.related_name for section in SECTIONS]


def get_section(key: str) -> Section:
    """The section for a URL key; an unknown key is a 404 for the caller to raise."""
    return SECTIONS_BY_KEY[key]
