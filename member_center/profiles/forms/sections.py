"""The form of each of the twelve sections (manual 002 §3.2.2): one ModelForm per section, built
from the registry in sections.py, with the manual's date format, 请选择 and messages."""

import functools

from django import forms

from ..sections import Section
from .profile import localise_field

# The manual's placeholders (§3.2.2.1); the model's help text stays under the field.
PLACEHOLDERS = {
    "school": "请输入毕业院校全称, 须与毕业证书一致",
    "term": "如：第十五届",
    "role": "如：独著、主编、第一作者",
}


class SectionEntryForm(forms.ModelForm):
    """Base of the section forms: widgets and Chinese messages for whatever fields the model has.
    The model's clean() checks the dates' order ("结束日期不能早于开始日期。" beside 结束日期); each
    date field its range (localise_field: portal.dates)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            localise_field(field)
            if name in PLACEHOLDERS:
                field.widget.attrs["placeholder"] = PLACEHOLDERS[name]


@functools.cache
def section_form(section: Section) -> type[SectionEntryForm]:
    """The ModelForm of `section`, over all its fields (built once per section)."""
    meta = type("Meta", (), {"model": section.model, "fields": section.fields})
    return type(f"{section.model.__name__}Form", (SectionEntryForm,), {"Meta": meta})
