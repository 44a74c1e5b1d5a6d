"""Run by tests/portal/test_worker_crash.py in its own process, with the development settings
(real queue, no `sync`) on a SQLite file or PostgreSQL database given by DATABASE_URL, and the
broker REDIS_URL names (else the database): a real `manage.py qcluster` is killed while it renders
a certificate's PDF; the certificate stays without its file; `reconcile_jobs` queues it again and
a restarted cluster finishes it. Prints a JSON summary on its last line."""

import datetime
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.getcwd())
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_q.brokers import get_broker  # noqa: E402

LAWYERS = 600  # a long roster: the render takes seconds, so the kill lands in the middle of it


CLUSTER_LOG = os.path.join(os.path.dirname(os.environ["MEDIA_ROOT"]), "qcluster.log")


def start_cluster() -> subprocess.Popen:
    with open(CLUSTER_LOG, "a") as log:  # the cluster keeps its own copy of the file open
        return subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            env={**os.environ, "LOG_LEVEL": "INFO"},  # the log says which job each worker took
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the kill takes its workers too
        )


def kill(cluster: subprocess.Popen, sig=signal.SIGKILL) -> None:
    try:
        os.killpg(cluster.pid, sig)
        cluster.wait(timeout=20)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:  # a graceful stop that does not come: the hard way
        os.killpg(cluster.pid, signal.SIGKILL)
        cluster.wait(timeout=20)
    wait_until_gone(cluster.pid)


def cluster_log(lines: int = 30) -> list[str]:
    """What both clusters said, without WeasyPrint's progress lines."""
    with open(CLUSTER_LOG) as log:
        return [line.rstrip() for line in log if not line.startswith("Step ")][-lines:]


def living_in_group(group: int) -> list[int]:
    living = []
    for name in os.listdir("/proc"):
        try:
            with open(f"/proc/{name}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # not a process, or gone meanwhile
        if int(fields[2]) == group and fields[0] != "Z":  # a zombie has closed its sockets
            living.append(int(name))
    return living


def wait_until_gone(group: int) -> None:
    """The cluster's own process ends first; its pusher, a grandchild tearing down a few hundred
    MiB, can still be blocked in Redis's BLPOP for a moment, and Redis hands the next job pushed
    to that dying connection, where it is lost (the reconciliation's job, every time in a
    simulation). So: until every process of the group has ended and Redis has let go of their
    blocked reads."""
    deadline = time.monotonic() + 30
    while living_in_group(group) and time.monotonic() < deadline:
        time.sleep(0.05)
    connection = getattr(get_broker(), "connection", None)
    if not hasattr(connection, "client_list"):
        return  # the database broker: a job in a table is there for whoever asks next
    db = connection.connection_pool.connection_kwargs.get("db", 0)
    while time.monotonic() < deadline:
        blocked = [c for c in connection.client_list() if c.get("db") == str(db) and "b" in c.get("flags", "")]
        if not blocked:
            return
        time.sleep(0.05)


def main():
    call_command("migrate", verbosity=0)
    from django_q.models import Schedule, Task

    from certificates import services
    from certificates.models import CertificateApplication, LawyerScope
    from portal.reconcile import reconcile
    from tests.certificates.helpers import CertificateTypeFactory, submitted
    from tests.factories import FirmFactory, LawyerFactory, StaffUserFactory

    # Without the periodic jobs migrate creates: at start the cluster would queue them behind the
    # PDF job, the queue would empty only once the PDF is done, and the kill would come too late.
    # The reconciliation is called by hand below.
    Schedule.objects.all().delete()
    broker = get_broker()
    broker.purge_queue()
    firm = FirmFactory()
    LawyerFactory.create_batch(LAWYERS, firm=firm)
    roster_type = CertificateTypeFactory(lawyer_scope=LawyerScope.ALL, manual=True)
    application = services.approve(submitted(firm, roster_type), by=StaffUserFactory(superuser=True))
    queued = broker.queue_size()
    connection.close()

    cluster = start_cluster()
    started = time.monotonic()
    while broker.queue_size() and time.monotonic() - started < 120:
        time.sleep(0.05)  # until a worker has taken the job
    time.sleep(0.1)  # on an idle machine the roster renders in well under a second
    kill(cluster)
    application.refresh_from_db()
    killed_without_file = not application.pdf

    counts = reconcile(stuck_after=datetime.timedelta(0))
    cluster = start_cluster()
    started = time.monotonic()
    restarted_at = timezone.now()
    # Until the file is there or the worker has given up on the job (a loaded machine renders
    # slowly; the summary's tasks then say what happened).
    while time.monotonic() - started < 600:
        application.refresh_from_db()
        if application.pdf or Task.objects.filter(success=False).exists():
            break
        time.sleep(0.5)
    seconds_to_render = round(time.monotonic() - started, 1)
    kill(cluster, signal.SIGTERM)
    application.refresh_from_db()
    # What the worker recorded: when the file is missing, the failure says why.
    tasks = [
        {
            "name": t.func,
            "success": t.success,
            "attempts": t.attempt_count,
            "result": str(t.result)[-800:],
            "started_after_restart": round((t.started - restarted_at).total_seconds(), 1),
            "seconds_working": round((t.stopped - t.started).total_seconds(), 1),
        }
        for t in Task.objects.order_by("started")
    ]
    print(
        json.dumps(
            {
                "broker": type(broker).__name__,
                "queued": queued,
                "killed_without_file": killed_without_file,
                "requeued": counts.get("证明文件生成", 0),
                "rendered": bool(application.pdf),
                "seconds_to_render": seconds_to_render,
                "issued": CertificateApplication.objects.filter(state="passed").count(),
                "tasks": tasks,
                "cluster_log": [] if application.pdf else cluster_log(),
            }
        )
    )


main()
