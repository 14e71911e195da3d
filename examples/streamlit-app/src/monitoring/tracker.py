"""In-process call tracking: counts and durations per operation, shown on the
Streamlit "Status" tab. Nothing is exported outside the process."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class OperationStats:
    calls: int = 0
    errors: int = 0
    total_seconds: float = 0.0
    durations: list[float] = field(default_factory=list)

    @property
    def mean_ms(self) -> float:
        return 1000 * self.total_seconds / self.calls if self.calls else 0.0


class CallTracker:
    def __init__(self, keep_last: int = 200):
        self.keep_last = keep_last
        self._stats: dict[str, OperationStats] = {}
        self._lock = threading.Lock()

    @contextmanager
    def track(self, operation: str):
        start = time.perf_counter()
        failed = False
        try:
            yield
        except Exception:
            failed = True
            raise
        finally:
            elapsed = time.perf_counter() - start
            with self._lock:
                s = self._stats.setdefault(operation, OperationStats())
                s.calls += 1
                s.errors += int(failed)
                s.total_seconds += elapsed
                s.durations.append(elapsed)
                del s.durations[:-self.keep_last]

    def snapshot(self) -> dict[str, OperationStats]:
        with self._lock:
            return dict(self._stats)


tracker = CallTracker()
