"""Certificate bodies written by editors, with named placeholders such as {{律所名称}}.

Deliberately not the Django template language: an editor's text can reach exactly the values
listed in PLACEHOLDERS and nothing else (no attribute access, no tags, no filters), and every
value is HTML-escaped. A body that uses an unknown name or a stray brace is refused when the
certificate type is saved, so a member never meets a broken template at the preview.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe

PLACEHOLDER_RE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")

# name -> what it stands for (shown to editors next to the body field)
PLACEHOLDERS = {
    "协会名称": "律师协会名称",
    "律所名称": "律师事务所名称",
    "执业许可证号": "律师事务所执业许可证号",
    "统一社会信用代码": "律师事务所统一社会信用代码",
    "成立日期": "律所批准（成立）日期",
    "办公地址": "律师事务所办公地址",
    "执业律师人数": "截至出具日的执业律师人数",
    "起始日期": "申请人填写的起始时间",
    "律师名单": "所选律师，如：张三律师（执业证号：…）、李四律师（执业证号：…）",
    "律师姓名": "律师姓名（个人证明，或代已注销律师申请时所选律师）",
    "律师执业证号": "律师执业证号",
    "律师身份证号": "律师身份证号",
    "执业机构": "律师执业机构",
    "执业类别": "律师执业类别",
    "会员编号": "律师会员编号",
    "首次执业日期": "律师首次执业日期",
    "执业年限": "律师执业年限（整年）",
    "注销日期": "已注销律师的注销日期",
    "出具日期": "证明出具日期",
    "证明编号": "证明编号",
}


def validate_body(body: str) -> None:
    """Refuse unknown placeholders and stray braces, with a message an editor can act on."""
    errors = []
    unknown = sorted({name for name in PLACEHOLDER_RE.findall(body) if name not in PLACEHOLDERS})
    if unknown:
        errors.append(
            "未知的占位符：{}。可用的占位符：{}。".format(
                "、".join("{{" + name + "}}" for name in unknown), "、".join("{{" + n + "}}" for n in PLACEHOLDERS)
            )
        )
    leftover = PLACEHOLDER_RE.sub("", body)
    if "{{" in leftover or "}}" in leftover or "{%" in leftover or "%}" in leftover:
        errors.append("正文中有不成对的花括号或模板标签；占位符的写法为 {{律所名称}}。")
    if errors:
        raise ValidationError(errors)


def render_body(body: str, values: dict[str, str]) -> str:
    """The body as HTML paragraphs, placeholders replaced by escaped values."""

    def paragraph(text: str) -> str:
        parts = []
        position = 0
        for match in PLACEHOLDER_RE.finditer(text):
            parts.append(escape(text[position : match.start()]))
            parts.append(escape(values.get(match.group(1), "")))
            position = match.end()
        parts.append(escape(text[position:]))
        return mark_safe("".join(parts))

    lines = [line.strip() for line in body.splitlines() if line.strip()]
    return format_html_join("\n", "<p>{}</p>", ((paragraph(line),) for line in lines))
