"""What the job of portal.exports hands the listing's view it opens again (on its request, under
EXPORT_TARGET_ATTR): where portal.staff.ChunkedExportMixin writes the file, and what it wrote."""

import dataclasses
from pathlib import Path

EXPORT_TARGET_ATTR = "staff_export_target"


@dataclasses.dataclass
class ExportTarget:
    path: Path
    rows: int = 0
    written: bool = False
