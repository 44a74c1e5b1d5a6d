"""Finding members of the roster the way staff type them: a name (or part of it), a 执业证号 /
执业许可证号 / 会员编号 (or part of it), or the name's pinyin, whole ("zhangmingwen",
"zhang ming") or initials ("zmw"). One search for every staff chooser (lawyer_chooser,
member_chooser).

The roster stores no pinyin: the distinct names are turned into pinyin here, each once per
process (lru_cache), matched in Python, and asked of the database by name. A roster of 20,000
lawyers is about 15,000 names: 1–2 s for a process's first pinyin search, then only the scan."""

import re
from functools import lru_cache

from django import forms
from django.db.models import Q
from wagtail.admin.forms.choosers import BaseFilterForm

PINYIN_NAMES = 500  # a one-letter query matches a whole surname: the first names are enough
LETTERS = re.compile(r"[a-z]+")


@lru_cache(maxsize=200_000)
def name_pinyin(name: str) -> tuple[str, str]:
    """(full pinyin without spaces, initials) of a name: 张明文 → ("zhangmingwen", "zmw")."""
    # Imported here: pypinyin's dictionaries take ~57 MiB, which every process that only imports
    # this module (the job worker, through the choosers' models) would otherwise hold.
    from pypinyin import lazy_pinyin

    syllables = [syllable.lower() for syllable in lazy_pinyin(name) if syllable.strip()]
    return "".join(syllables).replace(" ", ""), "".join(syllable[0] for syllable in syllables)


def matches_pinyin(name: str, letters: str) -> bool:
    full, initials = name_pinyin(name)
    return full.startswith(letters) or initials.startswith(letters) or (len(letters) > 2 and letters in full)


def search(queryset, query: str):
    """Members of `queryset` (lawyers or firms) matching what staff typed."""
    query = (query or "").strip()
    if not query:
        return queryset
    found = Q(name__icontains=query) | Q(licence_no__icontains=query) | Q(member_no__icontains=query)
    letters = re.sub(r"\s+", "", query).lower()
    if LETTERS.fullmatch(letters):
        names = []
        for name in queryset.order_by().values_list("name", flat=True).distinct().iterator(chunk_size=5000):
            if matches_pinyin(name, letters):
                names.append(name)
                if len(names) >= PINYIN_NAMES:
                    break
        if names:
            found |= Q(name__in=names)
    return queryset.filter(found)


class RosterSearchForm(BaseFilterForm):
    """The search box of a chooser modal."""

    q = forms.CharField(
        label="搜索",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "姓名、执业证号或拼音（如 zhangmingwen、zmw）"}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching, self.search_query = True, query
            objects = search(objects, query)
        return objects
