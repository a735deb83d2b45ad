"""Run as a separate process by the concurrency and kill tests: saves through the real store.

Usage: python store_worker.py DATA_DIR WORKER SAVES [--tear-after N]
Prints one line per returned save ("saved <record ids>"), flushed, so the parent knows what returned.
With --tear-after N, the N+1th save writes only half its bytes, prints "torn", and waits to be killed.
"""

from __future__ import annotations

import os
import sys
import time

from wijkcoop import store as store_module
from wijkcoop.context import open_store
from wijkcoop.tables import SCORES


def main() -> None:
    data, worker, saves = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    tear_after = int(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[4] == "--tear-after" else None
    store = open_store(data)
    for n in range(saves):
        if tear_after is not None and n == tear_after:
            real_write = os.write

            def half_write(fd, data, real_write=real_write):  # half the bytes land, then it dies
                real_write(fd, bytes(data[: len(data) // 2]))
                print("torn", flush=True)
                time.sleep(600)

            store_module.os.write = half_write
        rows = [
            {
                "cooperative_id": f"worker-{worker}",
                "round": "2026-2",
                "respondent": f"save-{n}",
                "statement_id": f"D{d}.1",
                "score": (n + d) % 5 + 1,
                "discuss": False,
                "model_version": "2026.1",
            }
            for d in range(1, 11)
        ]
        ids = store.append(SCORES, rows)
        print("saved", " ".join(ids), flush=True)


if __name__ == "__main__":
    main()
