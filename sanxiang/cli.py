"""The ``sanxiang`` console script: Django's management commands plus the project's own (docs/cli.md).

Exit codes: 0 success, 1 a check that did not hold, 2 bad input or usage (a bad setting included).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxiang.config.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as exc:
        print(f"sanxiang: {exc}", file=sys.stderr)
        return 2
    from django.core.management import execute_from_command_line

    argv[0] = "sanxiang"
    try:
        execute_from_command_line(argv)
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
