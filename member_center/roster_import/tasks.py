"""django-q2 jobs of 名册导入: they take the run's id; services hold the rules."""

from . import services


def dry_run(run_id: int) -> None:
    services.dry_run(run_id)


def apply(run_id: int) -> None:
    services.apply(run_id)
