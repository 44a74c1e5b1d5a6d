# The public site's page fixtures (home, news_index, notice_index, a temporary MEDIA_ROOT).
from tests.home.conftest import home, media_root, news_index, notice_index

__all__ = ["home", "media_root", "news_index", "notice_index"]
