"""django-q2 jobs of 后台导出: build one export; delete the files past their date (daily)."""

from portal.site_url import serving

from . import services


def build_export(export_id: int) -> None:
    export = services.claim(export_id)
    if export is None:
        return  # built (or being built) by another run of this job
    with serving(export.base_url):  # the links in the 消息's e-mail copy
        services.build(export)


def delete_expired() -> int:
    return services.delete_expired()
