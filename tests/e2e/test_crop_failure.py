"""The crop tool never leaves a 确定 that does nothing: a crop the browser cannot turn into a JPEG
keeps the dialog open and says so, with the rule, at phone and desktop width."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import LAWYER_INITIAL_PASSWORD, LAWYER_LOGIN, first_login
from tests.e2e.test_profiles import crop_dialog, jpeg

pytestmark = pytest.mark.e2e


def test_a_crop_that_yields_no_picture_is_said_in_the_dialog(page, demo, viewport, tmp_path):
    first_login(page, LAWYER_LOGIN, LAWYER_INITIAL_PASSWORD)
    page.goto("/member/profile/basic/photo/")
    # The browser's JPEG encoder failing, as an empty canvas would make it.
    page.evaluate("HTMLCanvasElement.prototype.toDataURL = function () { return 'data:,'; }")
    page.locator("[data-photo-upload] input[type=file]").set_input_files(str(jpeg(tmp_path / "camera.jpg")))
    dialog = crop_dialog(page)
    expect(dialog.locator(".cropper-container")).to_be_visible()

    dialog.get_by_role("button", name="确定", exact=True).click()

    expect(dialog.locator("[data-crop-error]")).to_contain_text("照片裁剪失败")
    expect(dialog.locator("[data-crop-error]")).to_contain_text("358×441")
    expect(dialog).to_be_visible()
    assert page.url.endswith("/member/profile/basic/photo/")
