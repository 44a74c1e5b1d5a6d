"""Reading responses in tests."""

import csv
import io


def body(response) -> bytes:
    """The whole body, streamed (a file, an export) or not. A streamed response is read to its
    end, never closed: closing a FileResponse closes the database connection on PostgreSQL."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[list[str]]:
    """A CSV export (UTF-8 with the BOM Excel needs) as rows."""
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))
