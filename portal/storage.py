from django.core.files.storage import storages


def private_storage():
    """Storage for files only permission-checked views may serve (see STORAGES['private'])."""
    return storages["private"]
