from django.core.management.base import BaseCommand, CommandError

from sanxiang.core import periodic as jobs
from sanxiang.core.worker import Worker, default_worker_id


class Command(BaseCommand):
    help = "运行后台任务：排队任务与定时任务（多个 worker 可同时运行，同一定时任务每个时段只运行一次）。"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=2.0, help="两次检查之间的秒数（默认 2）。")
        parser.add_argument(
            "--once", action="store_true", help="只运行一轮（到期的定时任务与已排队任务）后退出。"
        )
        parser.add_argument("--worker-id", default=None, help="本 worker 的标识（默认：主机名:进程号）。")
        parser.add_argument(
            "--list", dest="list_jobs", action="store_true", help="列出已登记的定时任务后退出。"
        )

    def handle(self, *args, interval, once, worker_id, list_jobs, **options):
        jobs.autodiscover()
        if list_jobs:
            for job in sorted(jobs.REGISTRY.values(), key=lambda j: j.name):
                self.stdout.write(f"{job.name}\t每 {int(job.every.total_seconds())} 秒\t{job.description}")
            return
        if interval <= 0:
            raise CommandError("--interval 必须大于 0。", returncode=2)
        worker = Worker(worker_id=worker_id or default_worker_id(), interval=interval)
        if once:
            ran = worker.tick()
            self.stdout.write("已运行定时任务：" + ("、".join(ran) if ran else "无"))
            return
        worker.run_forever()
