"""律师档案 (manual 002 §3) in the browser: 信息补全 from the first login to 正式提交审核 (the
six-step 基本信息 wizard with the Cropper.js photo tool, the sections, 填报为无, 撤回), the staff
review in the Wagtail admin (驳回 / 通过) and what the lawyer sees of it, 信息变更 with 近期变更
and 更改照片 after approval, phone-width layout and axe.

The demo data: 张明文 has no profile, 王雷 a submitted one (审核中), 李红 an approved one with
two rows in 近期变更. Screenshots go to /tmp/profile-shots/ (not committed).

    .venv/bin/pytest tests/e2e/test_profiles.py -q
"""

import datetime
import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.e2e.helpers import (
    LAWYER_INITIAL_PASSWORD,
    LAWYER_LOGIN,
    assert_no_horizontal_scroll,
    axe_violations,
    field,
    first_login,
    heading,
    menu,
)

pytestmark = pytest.mark.e2e

SHOTS_DIR = Path("/tmp/profile-shots")
PHOTO_SIZE = (358, 441)
ADMIN_USERNAME, ADMIN_PASSWORD = "admin", "admin-demo"
QUEUE_URL = "/admin/snippets/profiles/profile/"

# The twelve sections of the board after 基本信息, in its order.
SECTION_LABELS = [
    "教育经历", "工作经历", "家庭成员", "获奖情况", "惩罚情况", "社会兼职", "参政议政", "社会公益",
    "协会任职", "专业技能", "语言能力", "出版著作",
]  # fmt: skip
# The board's order: the manual's first column, then its second.
BOARD_LABELS = [
    "基本信息", "教育经历", "获奖情况", "惩罚情况", "社会公益", "协会任职",
    "工作经历", "家庭成员", "社会兼职", "参政议政", "专业技能", "语言能力", "出版著作",
]  # fmt: skip
WIZARD_STEPS = {
    "practice": "执业信息", "photo": "设置照片", "basic": "基本信息", "practice_detail": "执业情况", "contact": "联系方式",
    "confirm": "确认信息",
}  # fmt: skip


# --- helpers -------------------------------------------------------------------------------------


def shot(page, name, viewport="desktop"):
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS_DIR / f"{name}-{viewport}.png"), full_page=True)


def phone_checks(page, viewport):
    if viewport == "phone":
        assert_no_horizontal_scroll(page)


def label_re(label):
    """A field's label as the wizard (red * in front) and the section forms (★ in front, a colon
    after) print it."""
    return re.compile(rf"^\s*[*★]?\s*{re.escape(label)}[:：]?\s*$")


def entry_field(page, label):
    """A control of a section form or of 个人档案变更 by its label ("★毕业院校:")."""
    return page.get_by_label(label_re(label))


def field_errors(page, label):
    """The error messages printed beside the field (or checkbox group) labelled `label`."""
    caption = page.locator("label, legend, span.mc-label").filter(has_text=label_re(label))
    return page.locator(".mc-field").filter(has=caption).locator(".mc-error")


def board_row(page, label):
    return page.locator(".pb-row").filter(has=page.locator(".pb-row__label", has_text=re.compile(rf"^{label}$")))


def board_status(page, label):
    return board_row(page, label).locator(".pb-status")


def status_message(page):
    return page.get_by_role("status")


def jpeg(path, size=(800, 1000)) -> Path:
    """A larger-than-allowed JPEG: a face on blue, as a phone camera would give it."""
    image = Image.new("RGB", size, (70, 110, 190))
    for y in range(size[1] // 5, size[1] * 3 // 5):
        for x in range(size[0] // 3, size[0] * 2 // 3, 4):
            image.putpixel((x, y), (230, 200, 170))
    image.save(path, "JPEG", quality=85)
    return Path(path)


def profile_of(name=None, licence=LAWYER_LOGIN):
    from member_center.profiles.models import Profile

    if name:
        return Profile.objects.get(lawyer__name=name, lawyer__firm__licence_no="24401200110000001")
    return Profile.objects.get(lawyer__licence_no=licence)


def restore_demo_photo(profile):
    """The `demo` fixture restores the database rows of the first seed_demo, not the files: a
    photo replaced by an earlier test (set_photo removes the old file) is put back."""
    from django.core.files.base import ContentFile

    from member_center.profiles.demo import demo_photo

    storage = profile.photo.storage
    if profile.photo and not storage.exists(profile.photo.name):
        assert storage.save(profile.photo.name, ContentFile(demo_photo())) == profile.photo.name


def stored_photo(profile):
    profile.refresh_from_db()
    with profile.photo.open("rb") as handle:
        return handle.read()


def demo_lawyer_login(name):
    """(login, initial password) of a demo lawyer of 广州明法律师事务所 (member_center/demo.py)."""
    from member_center.models import Lawyer

    lawyer = Lawyer.objects.get(name=name, firm__licence_no="24401200110000001")
    return lawyer.licence_no, lawyer.initial_password()


def crop_dialog(page):
    return page.locator("dialog[data-crop-dialog]")


def assert_dialog_fits(page):
    """The crop dialog, its picture and its buttons are inside the viewport."""
    size = page.viewport_size
    for locator in (crop_dialog(page), crop_dialog(page).get_by_role("button", name="确定", exact=True)):
        box = locator.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"] + 1, (box, size)
        assert box["y"] >= 0 and box["y"] + box["height"] <= size["height"] + 1, (box, size)


def upload_and_crop(page, picture, viewport):
    """Choose a picture that breaks the size rule: the cropper opens by itself; 确定 crops it to
    358×441 and uploads it."""
    told = []  # what the page said meanwhile, for a failure to show
    page.on("console", lambda message: told.append(f"console {message.type}: {message.text}"))
    page.on("pageerror", lambda error: told.append(f"page error: {error}"))
    page.on("request", lambda request: told.append(f"{request.method} {request.url}"))
    page.locator("[data-photo-upload] input[type=file]").set_input_files(str(picture))
    dialog = crop_dialog(page)
    expect(dialog).to_be_visible()
    expect(dialog.locator(".cropper-container")).to_be_visible()
    assert_dialog_fits(page)
    shot(page, "crop-dialog", viewport)
    # Cropping, encoding and uploading in a loaded browser can outlast the default 10 s (on a
    # machine busy with other test runs, even 30 s).
    try:
        with page.expect_navigation(timeout=60_000):
            dialog.get_by_role("button", name="确定", exact=True).click()
    except PlaywrightTimeoutError:
        state = page.evaluate(
            """() => {
                const box = document.querySelector("[data-photo-upload]");
                const input = box.querySelector("input[type=file]");
                const cropper = box.querySelector("[data-crop-image]").cropper;
                return {dialogOpen: box.querySelector("dialog").open, files: input.files.length,
                        submitting: box.closest("form").dataset.submitting || null,
                        containers: box.querySelectorAll(".cropper-container").length,
                        cropperReady: cropper ? cropper.ready : null,
                        cropData: cropper ? cropper.getData(true) : null,
                        container: cropper && cropper.getContainerData ? cropper.getContainerData() : null,
                        error: (box.querySelector("[data-crop-error]") || {}).textContent || null};
            }"""
        )
        raise AssertionError(f"no upload after 确定: {state}; {told}") from None


def next_step(page):
    page.get_by_role("button", name="下一步", exact=True).click()


def expect_step(page, label):
    expect(page.locator(".pf-steps [aria-current=step]")).to_contain_text(label)


def check_choices(page, *labels):
    for label in labels:
        page.get_by_label(label, exact=True).check()


# --- the wizard's steps, as 张明文 fills them ----------------------------------------------------


def fill_basic_step(page):
    field(page, "出生日期").fill("1980-01-01")
    field(page, "婚姻情况").select_option("已婚")
    field(page, "参加工作时间").fill("2003-07-01")
    field(page, "入职时间").fill("2015-03-01")
    field(page, "籍贯").select_option("广东省")
    check_choices(page, "中共党员")
    field(page, "党组织名称").fill("广州明法律师事务所党支部")
    field(page, "社会保险号").fill("440104198001011234")


def fill_practice_detail_step(page, areas):
    field(page, "资格证类别").select_option("法律职业资格证书")
    field(page, "资格证号").fill("A20034401000123")
    field(page, "取得资格日期").fill("2003-03-01")
    check_choices(page, *areas)


CONTACT = {
    "联系地址": "广州市天河区珠江新城华夏路10号富力中心25楼",
    "邮政编码": "510623",
    "联系电话": "020-38880001",
    "电子邮箱": "zhang.mingwen@example.cn",
    "紧急联系人": "张明武",
    "紧急联系人电话": "13902001234",
}


# --- 1. 信息补全, the whole §3.2 flow ------------------------------------------------------------


def test_completion_flow(page, demo, viewport, tmp_path):
    """Manual §3.2 as 张明文, from his first login to 正式提交审核, 撤回 and 正式提交审核 again."""
    first_login(page, LAWYER_LOGIN, LAWYER_INITIAL_PASSWORD)
    todos = page.locator(".mc-todos")
    expect(todos.get_by_role("link", name="信息补全")).to_be_visible()
    expect(todos).to_contain_text("首次登录系统后，请将信息进行补全")
    todos.get_by_role("link", name="信息补全").click()

    # The board: thirteen rows, all 待填写
    page.wait_for_url("**/member/profile/completion/")
    expect(heading(page)).to_have_text("信息补全")
    expect(page.locator(".pb-row__label")).to_have_text(BOARD_LABELS)
    expect(page.locator(".pb-status")).to_have_text(["待填写"] * 13)
    expect(page.get_by_role("button", name="正式提交审核（有内容未填报）")).to_be_visible()
    expect(page.locator(".pb-print")).to_have_text("打印《律师基本信息登记表》（尚未提交审核）")
    phone_checks(page, viewport)
    shot(page, "1-board", viewport)
    board_row(page, "基本信息").get_by_role("link", name="我要补全").click()

    # 1 执业信息: the roster's data
    page.wait_for_url("**/basic/practice/")
    expect_step(page, "执业信息")
    facts = page.locator("dl.pf-facts")
    expect(facts).to_contain_text("张明文")
    expect(facts).to_contain_text(LAWYER_LOGIN)
    expect(facts).to_contain_text("广州明法律师事务所")
    expect(facts).to_contain_text("440104198001011234")
    phone_checks(page, viewport)
    shot(page, "2-step1", viewport)
    next_step(page)

    # 2 设置照片: 下一步 without a photo is refused; a large JPEG goes through the cropper
    page.wait_for_url("**/basic/photo/")
    expect_step(page, "设置照片")
    expect(page.locator(".up-photo__empty")).to_have_text("请上传图片")
    expect(page.get_by_role("button", name="裁剪照片")).to_be_visible()
    phone_checks(page, viewport)
    next_step(page)
    expect(field_errors(page, "上传照片")).to_have_text("请上传图片")
    upload_and_crop(page, jpeg(tmp_path / "camera.jpg"), viewport)
    expect(status_message(page)).to_contain_text("照片上传成功。")
    expect(page.locator("img[data-current-photo]")).to_be_visible()
    profile = profile_of()
    assert Image.open(io.BytesIO(stored_photo(profile))).size == PHOTO_SIZE
    served = page.request.get("/member/profile/photo/")
    assert served.ok and served.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(served.body())).size == PHOTO_SIZE
    # 裁剪照片 opens the stored photo again; 取消 leaves it as it is
    page.get_by_role("button", name="裁剪照片").click()
    expect(crop_dialog(page)).to_be_visible()
    assert_dialog_fits(page)
    crop_dialog(page).get_by_role("button", name="取消", exact=True).click()
    expect(crop_dialog(page)).to_be_hidden()
    phone_checks(page, viewport)
    shot(page, "3-step2", viewport)
    next_step(page)

    # 3 基本信息
    page.wait_for_url("**/basic/basic/")
    expect_step(page, "基本信息")
    expect(field(page, "证件号码")).to_have_value("440104198001011234")
    next_step(page)
    expect(field_errors(page, "出生日期")).to_have_text("请填写出生日期。")
    expect(field_errors(page, "政治面貌")).to_have_text("请选择政治面貌。")
    fill_basic_step(page)
    phone_checks(page, viewport)
    shot(page, "4-step3", viewport)
    next_step(page)

    # 4 执业情况: four 执业范围 are one too many
    page.wait_for_url("**/basic/practice_detail/")
    expect_step(page, "执业情况")
    fill_practice_detail_step(page, ["民事诉讼", "刑事辩护", "合同纠纷", "知识产权"])
    next_step(page)
    page.wait_for_url("**/basic/practice_detail/")
    expect(field_errors(page, "执业范围")).to_have_text("最多可选择3项执业范围，您选择了4项。")
    expect(field(page, "资格证号")).to_have_value("A20034401000123")
    expect(page.get_by_label("知识产权", exact=True)).to_be_checked()
    page.get_by_label("知识产权", exact=True).uncheck()
    phone_checks(page, viewport)
    shot(page, "5-step4", viewport)
    next_step(page)

    # 5 联系方式: a bad 手机号码 is refused beside the field, the rest is kept
    page.wait_for_url("**/basic/contact/")
    expect_step(page, "联系方式")
    field(page, "手机号码").fill("1380013800")
    for label, value in CONTACT.items():
        field(page, label).fill(value)
    next_step(page)
    page.wait_for_url("**/basic/contact/")
    expect(field_errors(page, "手机号码")).to_have_text("请输入 11 位手机号码，例如 13800138000。")
    expect(field(page, "手机号码")).to_have_value("1380013800")
    for label, value in CONTACT.items():
        expect(field(page, label)).to_have_value(value)
    phone_checks(page, viewport)
    shot(page, "6-step5-error", viewport)
    field(page, "手机号码").fill("13800138000")
    next_step(page)

    # 6 确认信息; 上一步 once first: what was typed is still there
    page.wait_for_url("**/basic/confirm/")
    page.get_by_role("button", name="上一步").click()
    page.wait_for_url("**/basic/contact/")
    expect(field(page, "手机号码")).to_have_value("13800138000")
    expect(field(page, "电子邮箱")).to_have_value(CONTACT["电子邮箱"])
    next_step(page)
    page.wait_for_url("**/basic/confirm/")
    expect_step(page, "确认信息")
    register = page.locator("table.pf-register")
    expect(register).to_contain_text("张明文")
    expect(register).to_contain_text("中共党员")
    expect(register).to_contain_text("13800138000")
    expect(register.locator(".pf-register__photo img")).to_be_visible()
    page.get_by_role("button", name="确认补全").click()
    expect(page.locator(".pf-verify .mc-error")).to_have_text("请勾选“我已核实以上信息正确无误”后，再点击“确认补全”。")
    phone_checks(page, viewport)
    shot(page, "7-step6", viewport)
    page.get_by_label("我已核实以上信息正确无误").check()
    page.get_by_role("button", name="确认补全").click()

    page.wait_for_url("**/member/profile/completion/")
    expect(status_message(page)).to_contain_text("基本信息已确认补全")
    expect(board_status(page, "基本信息")).to_have_text("已填写")

    # 教育经历: 新增 with the dates the wrong way round, then right
    board_row(page, "教育经历").get_by_role("link", name="我要补全").click()
    page.wait_for_url("**/sections/education/")
    expect(page.get_by_text("暂无记录")).to_be_visible()
    page.get_by_role("link", name="新增").click()
    page.wait_for_url("**/sections/education/new/")
    expect(heading(page)).to_have_text("新增教育经历")
    entry_field(page, "所在国家").select_option("国内")
    entry_field(page, "所在地区").select_option("湖北省")
    entry_field(page, "开始日期").fill("1998-09-01")
    entry_field(page, "结束日期").fill("1998-07-01")
    entry_field(page, "毕业院校").fill("武汉大学")
    entry_field(page, "主修专业").fill("法学")
    entry_field(page, "获得学历").select_option("大学本科")
    entry_field(page, "获得学位").select_option("学士")
    page.get_by_role("button", name="保存").click()
    expect(field_errors(page, "结束日期")).to_have_text("结束日期不能早于开始日期。")
    expect(entry_field(page, "毕业院校")).to_have_value("武汉大学")
    expect(entry_field(page, "开始日期")).to_have_value("1998-09-01")
    expect(entry_field(page, "获得学位")).to_have_value("学士")
    phone_checks(page, viewport)
    shot(page, "8-education-error", viewport)
    entry_field(page, "结束日期").fill("2002-07-01")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/sections/education/")
    expect(status_message(page)).to_contain_text("已新增教育经历。")
    rows = page.locator("table.pb-entries tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("武汉大学")
    phone_checks(page, viewport)
    page.get_by_role("link", name="返回信息补全").click()

    # 工作经历: 新增, then 修改 through 操作
    page.wait_for_url("**/member/profile/completion/")
    expect(board_status(page, "教育经历")).to_have_text("已填写")
    board_row(page, "工作经历").get_by_role("link", name="我要补全").click()
    page.wait_for_url("**/sections/work/")
    page.get_by_role("link", name="新增").click()
    entry_field(page, "所在国家").select_option("国内")
    entry_field(page, "开始日期").fill("2003-07-01")
    entry_field(page, "工作单位").fill("广州明法律师事务所")
    entry_field(page, "工作职务").fill("律师")
    entry_field(page, "工作类别").select_option("律师")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/sections/work/")
    row = page.locator("table.pb-entries tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("td[data-label='工作职务']")).to_have_text("律师")
    actions = row.locator("details.pb-menu")
    expect(actions.get_by_role("link", name="修改", exact=True)).to_be_hidden()
    actions.locator("summary").click()
    expect(actions.get_by_role("link", name="删除", exact=True)).to_be_visible()
    phone_checks(page, viewport)
    shot(page, "9-work-menu", viewport)
    actions.get_by_role("link", name="修改", exact=True).click()
    page.wait_for_url("**/sections/work/*/edit/")
    expect(heading(page)).to_have_text("修改工作经历")
    expect(entry_field(page, "工作单位")).to_have_value("广州明法律师事务所")
    entry_field(page, "工作职务").fill("主任")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/sections/work/")
    expect(status_message(page)).to_contain_text("已保存工作经历的修改。")
    expect(row.locator("td[data-label='工作职务']")).to_have_text("主任")
    page.get_by_role("link", name="返回信息补全").click()

    # 填报为无 for the other ten
    page.wait_for_url("**/member/profile/completion/")
    for label in SECTION_LABELS[2:]:
        board_row(page, label).get_by_role("button", name="已填报为无").click()
        expect(board_status(page, label)).to_have_text("已填报为无")
    filled = {"基本信息", "教育经历", "工作经历"}
    expect(page.locator(".pb-status")).to_have_text(
        ["已填写" if label in filled else "已填报为无" for label in BOARD_LABELS]
    )
    phone_checks(page, viewport)
    shot(page, "10-board-filled", viewport)

    # 正式提交审核 → 审核中 → 撤回信息补全申请 → 填写中 → 正式提交审核 again
    page.get_by_role("button", name="正式提交审核", exact=True).click()
    expect(status_message(page)).to_contain_text("已正式提交审核")
    expect(page.locator(".pb-state")).to_contain_text("您的材料已经提交审核，目前正在审核中！")
    expect(page.get_by_role("link", name="我要补全")).to_have_count(0)
    print_link = page.get_by_role("link", name="打印《律师基本信息登记表》（材料审核中）")
    expect(print_link).to_be_visible()
    phone_checks(page, viewport)
    shot(page, "11-submitted", viewport)
    page.locator("summary", has_text="撤回信息补全申请").click()
    page.get_by_role("button", name="确认撤回").click()
    expect(status_message(page)).to_contain_text("已撤回信息补全申请")
    expect(page.get_by_role("button", name="正式提交审核", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="我要补全")).to_have_count(13)
    profile.refresh_from_db()
    assert profile.get_state_display() == "填写中"
    page.get_by_role("button", name="正式提交审核", exact=True).click()
    expect(page.locator(".pb-state")).to_contain_text("您的材料已经提交审核，目前正在审核中！")
    profile.refresh_from_db()
    assert profile.get_state_display() == "审核中"

    # the 登记表 is a PDF
    href = print_link.get_attribute("href")
    response = page.request.get(href)
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")


# --- 2. staff review in the Wagtail admin ----------------------------------------------------------


def admin_login(page):
    page.goto("/admin/login/")
    page.get_by_label("用户名").or_(page.get_by_label("Username")).first.fill(ADMIN_USERNAME)
    page.get_by_label("密码").or_(page.get_by_label("Password")).first.fill(ADMIN_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")


def test_staff_review(page, demo, new_context):
    """档案审核: 王雷 (审核中) is 驳回 (an 审核意见 is required), he sees why; resubmitted, 通过."""
    from member_center.profiles import services

    restore_demo_photo(profile_of("王雷"))
    admin_login(page)
    page.get_by_role("button", name="律师档案").click()
    page.get_by_role("link", name="档案审核").click()
    page.wait_for_url(f"**{QUEUE_URL}")
    row = page.locator("table tbody tr").filter(has_text="王雷")
    expect(row).to_contain_text("审核中")
    shot(page, "admin-queue")
    row.get_by_role("link", name="王雷").click()
    page.wait_for_url(re.compile(r".*/admin/snippets/profiles/profile/inspect/\d+/$"))
    review_url = page.url
    login, password = demo_lawyer_login("王雷")
    expect(page.locator("header").first).to_contain_text(f"王雷（{login}）")

    # 驳回 without an 审核意见 is refused
    page.get_by_role("button", name="驳回").click()
    expect(page.locator("#opinion-error")).to_have_text("驳回时须填写审核意见。")
    assert profile_of("王雷").get_state_display() == "审核中"
    shot(page, "admin-reject-error")
    opinion = "照片不符合证件照要求，请重新上传。"
    page.get_by_label("审核意见").fill(opinion)
    page.get_by_role("button", name="驳回").click()
    expect(page.get_by_text("已驳回 王雷 的档案")).to_be_visible()
    expect(page.locator(".profile-review__alert")).to_contain_text(opinion)
    wang = profile_of("王雷")
    assert wang.get_state_display() == "已驳回"
    assert wang.review_opinion == opinion

    # 王雷 sees the refusal and the opinion on his board
    lawyer_page = new_context().new_page()
    lawyer_page.set_default_timeout(10_000)
    first_login(lawyer_page, login, password)
    expect(lawyer_page.locator(".mc-todos")).to_contain_text("您的材料审核未通过，请填写后重新提交！")
    menu(lawyer_page, "信息补全")
    lawyer_page.wait_for_url("**/member/profile/completion/")
    state = lawyer_page.locator(".pb-state").filter(has_text="您的材料审核未通过")
    expect(state).to_contain_text("您的材料审核未通过，请填写后重新提交！")
    expect(state).to_contain_text(f"审核意见：{opinion}")
    expect(lawyer_page.get_by_role("button", name=re.compile("^正式提交审核"))).to_be_visible()
    shot(lawyer_page, "lawyer-rejected")

    # resubmitted as he would (a 驳回 asks for 确认补全 of 基本信息 again, manual §3.2.3), then 通过
    expect(board_status(lawyer_page, "基本信息")).to_have_text("待填写")
    account = wang.lawyer.account
    services.confirm_basic(wang, by=account)
    services.submit(wang, by=account)
    page.goto(review_url)
    page.get_by_label("审核意见").fill("")
    page.get_by_role("button", name="通过").click()
    expect(page.get_by_text("已通过 王雷 的档案。")).to_be_visible()
    assert profile_of("王雷").get_state_display() == "已通过"
    expect(page.get_by_role("button", name="通过")).to_have_count(0)
    shot(page, "admin-approved")

    lawyer_page.reload()
    expect(lawyer_page.locator(".pb-state")).to_contain_text("您的个人信息已审核通过。")


def test_review_page_breaks_no_content_security_policy(page, demo):
    """The review page (with the lawyer's photo) loads every image, and nothing it asks for is
    blocked by the admin's Content-Security-Policy."""
    restore_demo_photo(profile_of("王雷"))
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    admin_login(page)
    page.goto(QUEUE_URL)
    page.locator("table tbody tr").filter(has_text="王雷").get_by_role("link", name="王雷").click()
    page.wait_for_url(re.compile(r".*/admin/snippets/profiles/profile/inspect/\d+/$"))
    page.wait_for_load_state("networkidle")
    broken = page.evaluate("Array.from(document.images).filter(i => !i.naturalWidth).map(i => i.src)")
    assert (broken, blocked) == ([], [])


# --- 3. 信息变更 after approval --------------------------------------------------------------------


def test_change_after_approval(page, demo, viewport, tmp_path):
    """李红 (已通过): 信息变更, 修改基本信息 with the change in 近期变更, 获奖情况 add-only, 更改照片."""
    li = profile_of("李红")
    restore_demo_photo(li)
    old_mobile = li.mobile
    new_mobile = "13902007777"
    old_photo = stored_photo(li)

    login, password = demo_lawyer_login("李红")
    first_login(page, login, password)
    menu(page, "信息变更")
    page.wait_for_url("**/member/profile/change/")
    expect(heading(page)).to_have_text("信息变更")
    expect(page.locator(".pb-row__label")).to_have_text(BOARD_LABELS)
    expect(page.locator(".pb-row").get_by_role("link", name="我要变更")).to_have_count(13)
    log = page.locator(".pb-log__item")
    expect(log).to_have_count(2)
    expect(log.filter(has_text="获奖情况,创建")).to_contain_text("广州市优秀青年律师")
    expect(log.filter(has_text="律师,修改")).to_contain_text("手机号码:13602003636->13602008888")
    phone_checks(page, viewport)
    shot(page, "change-board", viewport)

    # 修改基本信息 (个人档案变更)
    board_row(page, "基本信息").get_by_role("link", name="我要变更").click()
    page.wait_for_url("**/member/profile/change/basic/")
    expect(heading(page)).to_have_text("个人档案变更")
    mobile = entry_field(page, "手机号码")
    expect(mobile).to_have_value(old_mobile)
    mobile.fill("139")
    page.get_by_role("button", name="保存").click()
    expect(field_errors(page, "手机号码")).to_have_text("请输入 11 位手机号码，例如 13800138000。")
    phone_checks(page, viewport)
    shot(page, "change-basic-error", viewport)
    entry_field(page, "手机号码").fill(new_mobile)
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/member/profile/change/")
    expect(status_message(page)).to_contain_text("已保存，变更了：手机号码。")
    today = datetime.date.today().isoformat()
    expect(log.first).to_contain_text(f"{today} 律师,修改手机号码:{old_mobile}->{new_mobile}")
    expect(log).to_have_count(3)

    # 获奖情况: 新增 only; no 修改 / 删除 for what is there
    board_row(page, "获奖情况").get_by_role("link", name="我要变更").click()
    page.wait_for_url("**/sections/award/")
    expect(page.get_by_text("注：审核通过后，获奖情况只能新增，不能修改或删除。")).to_be_visible()
    rows = page.locator("table.pb-entries tbody tr")
    expect(rows).to_have_count(1)
    expect(page.locator("details.pb-menu")).to_have_count(0)
    expect(page.get_by_role("link", name="修改", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="删除", exact=True)).to_have_count(0)
    page.get_by_role("link", name="新增").click()
    page.wait_for_url("**/sections/award/new/")
    entry_field(page, "获奖级别").select_option("省级")
    entry_field(page, "获奖内容").fill("广东省优秀律师")
    entry_field(page, "颁奖日期").fill("2025-06-30")
    entry_field(page, "颁发机构").fill("广东省律师协会")
    phone_checks(page, viewport)
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/sections/award/")
    expect(status_message(page)).to_contain_text("已新增获奖情况。")
    expect(rows).to_have_count(2)
    expect(page.locator("table.pb-entries")).to_contain_text("广东省优秀律师")
    expect(page.get_by_role("link", name="修改", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="删除", exact=True)).to_have_count(0)
    phone_checks(page, viewport)
    shot(page, "change-award", viewport)
    page.get_by_role("link", name="返回信息变更").click()
    page.wait_for_url("**/member/profile/change/")
    expect(log.first).to_contain_text("获奖情况,创建")
    expect(log.first).to_contain_text("广东省优秀律师")

    # 更改照片 with the crop tool
    page.get_by_role("link", name="更改照片").click()
    page.wait_for_url("**/member/profile/photo/change/")
    expect(heading(page)).to_have_text("更改照片")
    expect(page.locator("img[data-current-photo]")).to_be_visible()
    phone_checks(page, viewport)
    upload_and_crop(page, jpeg(tmp_path / "new.jpg", (1200, 900)), viewport)
    expect(status_message(page)).to_contain_text("照片已更换。")
    new_photo = stored_photo(li)
    assert new_photo != old_photo
    assert Image.open(io.BytesIO(new_photo)).size == PHOTO_SIZE
    phone_checks(page, viewport)
    shot(page, "change-photo", viewport)

    # 个人档案 offers 我要变更
    menu(page, "个人档案")
    page.wait_for_url("**/member/profile/")
    expect(page.locator("[data-profile-state]")).to_have_text("已通过")
    expect(page.get_by_role("link", name="我要变更")).to_be_visible()
    mobile_fact = page.locator("dl.pf-facts > div").filter(has=page.locator("dt", has_text=re.compile("^手机号码$")))
    expect(mobile_fact.locator("dd")).to_have_text(new_mobile)
    phone_checks(page, viewport)
    shot(page, "record", viewport)
    page.get_by_role("link", name="我要变更").click()
    page.wait_for_url("**/member/profile/change/")


# --- 4. phone width ------------------------------------------------------------------------------


def test_phone_pages_and_menus(page, demo, phone, tmp_path):
    """At 390 px: the profile pages of a lawyer in completion never scroll sideways, the 操作 menu
    opens and leads to 修改, and the crop dialog fits the screen."""
    first_login(page, LAWYER_LOGIN, LAWYER_INITIAL_PASSWORD)
    menu(page, "个人档案")
    page.wait_for_url("**/member/profile/")
    assert_no_horizontal_scroll(page)
    shot(page, "record-empty", "phone")
    for step, label in WIZARD_STEPS.items():
        page.goto(f"/member/profile/basic/{step}/")
        expect_step(page, label)
        assert_no_horizontal_scroll(page)
    page.goto("/member/profile/basic/photo/")
    upload_and_crop(page, jpeg(tmp_path / "tall.jpg", (600, 1400)), "phone")
    assert_no_horizontal_scroll(page)

    page.goto("/member/profile/sections/family/new/")
    entry_field(page, "称谓").select_option("配偶")
    entry_field(page, "姓名").fill("林小云")
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/sections/family/")
    assert_no_horizontal_scroll(page)
    actions = page.locator("details.pb-menu")
    actions.locator("summary").click()
    edit = actions.get_by_role("link", name="修改", exact=True)
    expect(edit).to_be_visible()
    box = edit.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert_no_horizontal_scroll(page)
    shot(page, "family-menu", "phone")
    edit.click()
    page.wait_for_url("**/sections/family/*/edit/")
    expect(entry_field(page, "姓名")).to_have_value("林小云")
    assert_no_horizontal_scroll(page)
    page.goto("/member/profile/completion/")
    assert_no_horizontal_scroll(page)


# --- 5. accessibility ------------------------------------------------------------------------------


def completion_findings(page, exclude=()):
    """axe on the board, a wizard step (fresh and with errors), 设置照片 and a section form (fresh
    and with an error), as 张明文 in completion."""
    first_login(page, LAWYER_LOGIN, LAWYER_INITIAL_PASSWORD)
    findings = {}
    page.goto("/member/profile/completion/")
    findings["信息补全"] = axe_violations(page, exclude)
    page.goto("/member/profile/basic/basic/")
    findings["基本信息"] = axe_violations(page, exclude)
    next_step(page)
    expect(field_errors(page, "出生日期")).to_be_visible()
    findings["基本信息（有错误）"] = axe_violations(page, exclude)
    page.goto("/member/profile/basic/photo/")
    findings["设置照片"] = axe_violations(page, exclude)
    page.goto("/member/profile/sections/education/new/")
    findings["新增教育经历"] = axe_violations(page, exclude)
    page.get_by_role("button", name="保存").click()
    expect(field_errors(page, "毕业院校")).to_be_visible()
    findings["新增教育经历（有错误）"] = axe_violations(page, exclude)
    return {name: lines for name, lines in findings.items() if lines}


def test_accessibility_completion(page, demo):
    assert completion_findings(page) == {}


def test_accessibility_change(page, demo):
    """axe on 信息变更, 个人档案变更, 获奖情况, 个人档案 and 更改照片 of an approved lawyer."""
    restore_demo_photo(profile_of("李红"))
    login, password = demo_lawyer_login("李红")
    first_login(page, login, password)
    findings = {}
    for name, url in (
        ("信息变更", "/member/profile/change/"),
        ("个人档案变更", "/member/profile/change/basic/"),
        ("获奖情况", "/member/profile/sections/award/"),
        ("个人档案", "/member/profile/"),
        ("更改照片", "/member/profile/photo/change/"),
    ):
        page.goto(url)
        findings[name] = axe_violations(page)
    assert {name: lines for name, lines in findings.items() if lines} == {}
