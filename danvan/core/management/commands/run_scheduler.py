import signal
import time
from types import FrameType

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from danvan.core import registry


class Command(BaseCommand):
    help = (
        "Chạy định kỳ việc xuất bản/gỡ bài theo lịch (publish_scheduled) và các việc định kỳ các "
        "phân hệ đăng ký (như ghi số liệu truy cập từ bộ đệm Redis), cho đến khi bị dừng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=int, default=30, help="Số giây giữa hai lần kiểm tra.")
        parser.add_argument("--once", action="store_true", help="Chạy một lần rồi thoát.")

    def handle(self, *args: object, interval: int = 30, once: bool = False, **options: object) -> None:
        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Bộ lập lịch xuất bản đang chạy (mỗi {interval} giây).")
        while not stopping:
            try:
                call_command("publish_scheduled", verbosity=0)
            except Exception as exc:  # keep the loop alive; the next round retries
                self.stderr.write(f"Lỗi khi xuất bản theo lịch: {exc}")
            for label, job in registry.scheduled_jobs:  # the apps' own jobs (core.registry)
                try:
                    job()
                except Exception as exc:
                    self.stderr.write(f"Lỗi khi {label}: {exc}")
            if once:
                return
            close_old_connections()  # don't hold a connection the database may drop while we sleep
            for _ in range(interval * 10):
                if stopping:
                    break
                time.sleep(0.1)
