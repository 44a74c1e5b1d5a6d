"""Links into 创建问题 from the screens that tell members to file a ticket, with the 问题类别 and a
line of context filled in: `new_ticket_url("执业机构不对", "信息补全 · 执业信息")`."""

from urllib.parse import urlencode

from django.urls import reverse

from .models import TicketCategory

CATEGORY_BY_LABEL = {label: value for value, label in TicketCategory.choices}


def new_ticket_url(category: str = "", context: str = "") -> str:
    """The 创建问题 address; `category` is a 问题类别 by its label (姓名错误) or its value."""
    value = CATEGORY_BY_LABEL.get(category, category)
    query = {}
    if value in TicketCategory.values:
        query["category"] = value
    if context:
        query["context"] = " ".join(str(context).split())[:300]
    url = reverse("tickets:create")
    return f"{url}?{urlencode(query)}" if query else url
