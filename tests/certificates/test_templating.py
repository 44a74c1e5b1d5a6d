"""Certificate bodies written by editors: the {{占位符}} language (certificates/templating.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from certificates.demo import create_certificate_types
from certificates.models import ApplicantKind, CertificateType, LawyerScope
from certificates.templating import PLACEHOLDERS, render_body, validate_body

from .helpers import CertificateTypeFactory


def refusal(body: str) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_body(body)
    return " ".join(caught.value.messages)


# --- validate_body ------------------------------------------------------------------------------


def test_a_body_with_known_placeholders_is_accepted():
    validate_body("{{律所名称}}是本会团体会员。\n自{{起始日期}}至此证明作出之日，未受到本会任何行业处分。")


def test_spaces_inside_the_braces_are_allowed():
    validate_body("自{{ 起始日期 }}至此证明作出之日，{{  律所名称}}未受到本会任何行业处分。")


def test_every_listed_placeholder_is_accepted():
    validate_body("".join("{{" + name + "}}" for name in PLACEHOLDERS))


def test_a_body_without_placeholders_is_accepted():
    validate_body("特此证明。")


def test_an_unknown_placeholder_is_refused_and_named():
    message = refusal("{{律所名称}}的{{负责人}}未受到处分。")
    assert "未知的占位符" in message
    assert "{{负责人}}" in message
    assert "律所名称" not in message.split("可用的占位符")[0]


def test_every_unknown_placeholder_is_listed():
    message = refusal("{{负责人}}、{{ 电话 }}、{{负责人}}")
    unknown_part = message.split("可用的占位符")[0]
    assert "{{负责人}}" in unknown_part
    assert "{{电话}}" in unknown_part
    assert unknown_part.count("{{负责人}}") == 1


def test_the_refusal_lists_the_placeholders_an_editor_may_use():
    message = refusal("{{律所名字}}")
    assert "可用的占位符" in message
    assert "{{律所名称}}" in message
    assert "{{起始日期}}" in message


@pytest.mark.parametrize(
    "body",
    [
        "{{律所名称}}未受到处分{{",
        "{{律所名称}}未受到处分}}",
        "}}{{律所名称}}",
        "{% if 律所名称 %}有{% endif %}",
        "{%",
        "未受到处分%}",
        "{{律所名称}",
        "{律所名称}}",
    ],
)
def test_stray_braces_and_template_tags_are_refused(body):
    assert "不成对的花括号或模板标签" in refusal(body)


def test_attribute_access_is_an_unknown_placeholder():
    message = refusal("{{律所名称.__class__}}")
    assert "{{律所名称.__class__}}" in message


def test_filters_are_unknown_placeholders():
    assert "{{律所名称|upper}}" in refusal("{{律所名称|upper}}")


def test_an_empty_placeholder_is_refused():
    refusal("{{}}")


# --- render_body --------------------------------------------------------------------------------


def test_placeholders_are_replaced_by_the_values():
    html = render_body("{{律所名称}}未受到处分。", {"律所名称": "广东广信律师事务所"})
    assert html == "<p>广东广信律师事务所未受到处分。</p>"


def test_spaces_inside_the_braces_are_replaced_too():
    assert render_body("自{{ 起始日期 }}起", {"起始日期": "2022年10月06日"}) == "<p>自2022年10月06日起</p>"


def test_a_value_is_html_escaped():
    html = render_body("{{律所名称}}", {"律所名称": "<script>alert(1)</script>"})
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_quotes_and_ampersands_in_a_value_are_escaped():
    html = render_body("{{律所名称}}", {"律所名称": "A & \"B\" 'C'"})
    assert html == "<p>A &amp; &quot;B&quot; &#x27;C&#x27;</p>"


def test_the_body_text_itself_is_html_escaped():
    html = render_body("<b>粗体</b><script>x()</script>", {})
    assert "<b>" not in html
    assert "<script>" not in html
    assert "&lt;b&gt;粗体&lt;/b&gt;" in html


def test_a_value_that_looks_like_a_placeholder_is_not_expanded():
    html = render_body("{{律所名称}}", {"律所名称": "{{办公地址}}", "办公地址": "秘密地址"})
    assert "秘密地址" not in html
    assert "{{办公地址}}" in html


def test_attributes_cannot_be_reached_when_rendering():
    html = render_body("{{律所名称.__class__}}", {"律所名称": "广东广信律师事务所"})
    assert "str" not in html
    assert "class" not in html
    assert html == "<p></p>"


def test_each_line_becomes_a_paragraph_and_blank_lines_are_dropped():
    html = render_body("第一段\n\n  第二段  \r\n第三段\n", {})
    assert html == "<p>第一段</p>\n<p>第二段</p>\n<p>第三段</p>"


def test_the_rendered_body_is_marked_safe_for_templates():
    html = render_body("{{律所名称}}", {"律所名称": "<i>x</i>"})
    rendered = Template("{{ body }}").render(Context({"body": html}))
    assert rendered == "<p>&lt;i&gt;x&lt;/i&gt;</p>"


# --- CertificateType.full_clean -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_type_with_a_good_body_passes_full_clean():
    CertificateTypeFactory.build(body="{{律所名称}}未受到处分。").full_clean()


@pytest.mark.django_db
def test_a_type_with_an_unknown_placeholder_is_refused_on_the_body_field():
    certificate_type = CertificateTypeFactory.build(body="{{律所名称}}的{{负责人}}未受到处分。")
    with pytest.raises(ValidationError) as caught:
        certificate_type.full_clean()
    assert set(caught.value.message_dict) == {"body"}
    assert "{{负责人}}" in " ".join(caught.value.message_dict["body"])


@pytest.mark.django_db
def test_a_type_with_stray_braces_is_refused_on_the_body_field():
    certificate_type = CertificateTypeFactory.build(body="{% load static %}{{律所名称}}")
    with pytest.raises(ValidationError) as caught:
        certificate_type.full_clean()
    assert "不成对的花括号或模板标签" in " ".join(caught.value.message_dict["body"])


@pytest.mark.django_db
def test_a_lawyers_type_cannot_speak_for_other_lawyers():
    certificate_type = CertificateTypeFactory.build(
        applicant_kind=ApplicantKind.LAWYER, lawyer_scope=LawyerScope.CHOSEN, body="{{律师姓名}}"
    )
    with pytest.raises(ValidationError) as caught:
        certificate_type.full_clean()
    assert set(caught.value.message_dict) == {"lawyer_scope"}


@pytest.mark.django_db
def test_the_demo_types_all_have_valid_bodies():
    for certificate_type in create_certificate_types():
        certificate_type.full_clean()
    assert CertificateType.objects.count() >= 11
