"""Core models: periodic job runs (worker) and working-day schedules (calendar)."""

from sanxiang.core.models.jobs import PeriodicJobRun

__all__ = ["PeriodicJobRun"]
