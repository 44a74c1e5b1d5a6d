"""S3-compatible object storage for the private files (STORAGES["private"] once
AWS_STORAGE_BUCKET_NAME is set, portal/settings/base.py).

Only django-storages' S3 backend with one difference: a private file has no URL. A signed link
would work for anyone who gets hold of it (a forwarded mail, a proxy log, a browser history)
until it expires, so none is ever made; the permission-checked views stream the file instead
(portal.storage.private_file_response). "" is what a file without a URL gives: Django's file
widgets then show no link, where an exception would break the page."""

from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """django-storages' S3 backend, without URLs."""

    def url(self, name, parameters=None, expire=None, http_method=None) -> str:
        return ""
