"""Members' private uploads, one layer for every app.

- `rules`: what may be uploaded (`UploadRule`, IMAGES, PDF, OFFICE, ATTACHMENTS), checked by content.
- `fields`: `MultipleFileField`, a form field for several files that applies a rule.
- `photos`: the ID photo re-encoded as a clean JPEG (`checked_id_photo`), one rule for every photo.
- `models.Attachment` and `services.attach` / `delete_attachment` / `replace_attachments`.
- `access.register_attachment_access` and the one serving view, `/files/<uuid>/` (name `attachment`).
"""
