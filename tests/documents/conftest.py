import pytest


@pytest.fixture
def jobs(django_capture_on_commit_callbacks):
    """Run what is enqueued after the commit (the notifying job, then its mails) at once."""
    return django_capture_on_commit_callbacks
