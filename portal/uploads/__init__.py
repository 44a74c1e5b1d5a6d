"""Members' private uploads, one layer for every app.

- `rules`: what may be uploaded (`UploadRule`, IMAGES, PDF, OFFICE, ATTACHMENTS), checked by content.
- `fields`: `MultipleFileField`, a form field for several files that applies a rule.
- `photos`: pictures re-encoded as clean JPEGs (`checked_id_photo`, `normalised_jpeg`).
- `models.Attachment` and `services.attach` / `delete_attachment` / `replace_attachments`.
- `access.register_attachment_access` and the one serving view, `/files/<uuid>/` (name `attachment`).
"""
