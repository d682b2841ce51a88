"""Core models: periodic job runs (worker) and working-day schedules (calendar)."""

from sanxiang.core.models.jobs import PeriodicJobRun
from sanxiang.core.models.schedules import CalendarYear, Deadline, DeadlineRevision

__all__ = ["CalendarYear", "Deadline", "DeadlineRevision", "PeriodicJobRun"]
