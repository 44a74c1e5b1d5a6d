"""Settings of the load run's gunicorn (bench/loadrun.py): bench.settings, with production's
once-a-minute write of an active session's last-seen time. bench.settings postpones that write
by a day so a page's query count does not depend on the clock; a load run should pay for it, as
every active member does in production."""

import os
import warnings

from bench.settings import *  # noqa: F403
from portal.settings.base import SESSION_SEEN_WRITE_SECONDS  # noqa: F401 (production's 60 s)

# WhiteNoise warns that STATIC_ROOT does not exist, in every worker: the run fetches no static
# files (bench/worker.py silences the same warning).
warnings.filterwarnings("ignore", message="No directory at")

if os.environ.get("BENCH_REDIS"):
    # bench/ratios.py --redis: production's caches (and its cached_db sessions, which base.py
    # chooses with REDIS_URL) on the run's own Redis databases.
    from portal.settings.base import CACHES  # noqa: F401
