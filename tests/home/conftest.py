import pytest

from tests.home.pages import make_home, make_news_index, make_notice_index


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Documents and images written by a test go to a temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


@pytest.fixture
def home():
    return make_home()


@pytest.fixture
def news_index(home):
    return make_news_index(home)


@pytest.fixture
def notice_index(home):
    return make_notice_index(home)
