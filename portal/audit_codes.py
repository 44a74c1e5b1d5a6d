"""Stable codes for the audit entries written before the shared workflow gave each event one:
the data migrations of certificates and profiles call `add_codes` with their old labels."""


def add_codes(apps, model_labels: dict[str, dict[str, str]], prefix_codes: dict[str, dict] | None = None) -> None:
    """For each model ("app_label.ModelName"): entries whose 事件 is an old label get its code.
    `prefix_codes` maps a model to {label suffix: (code, detail name)} for labels that carried
    a detail in their words (“教育经历填报为无” → profiles.profile.declare_none, section=教育经历)."""
    LogEntry = apps.get_model("auditlog", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for label, codes in model_labels.items():
        app_label, model_name = label.split(".")
        content_type = ContentType.objects.filter(app_label=app_label, model=model_name.lower()).first()
        if content_type is None:
            continue  # a fresh database: nothing was written yet
        suffixes = (prefix_codes or {}).get(label, {})
        changed = []
        for entry in LogEntry.objects.filter(content_type=content_type).iterator(chunk_size=2000):
            data = entry.additional_data if isinstance(entry.additional_data, dict) else None
            if not data or data.get("event") or not data.get("事件"):
                continue
            event = data["事件"]
            if event in codes:
                entry.additional_data = {"event": codes[event], **data}
            else:
                match = next((s for s in suffixes if event.endswith(s) and event != s), None)
                if match is None:
                    continue
                code, detail = suffixes[match]
                entry.additional_data = {"event": code, **data, detail: event[: -len(match)]}
            changed.append(entry)
            if len(changed) >= 2000:
                LogEntry.objects.bulk_update(changed, ["additional_data"])
                changed = []
        if changed:
            LogEntry.objects.bulk_update(changed, ["additional_data"])
