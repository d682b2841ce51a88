"""Who may do what with the record log.

The full export holds every entry (payloads, commitments; never salts). It goes to auditors: until the
accounts app has an auditor role, a supervisor (监督人员) is the auditor. The default export, the checkpoints
and proofs are public.
"""

from __future__ import annotations

from sanxiang.accounts.models import Role
from sanxiang.core.errors import NotAllowed


def may_export_full(user) -> bool:
    return user is not None and user.is_active and user.has_role(Role.SUPERVISOR)


def access_full_export(user) -> None:
    if not may_export_full(user):
        raise NotAllowed(
            "只有监督人员（审计）可以导出完整日志；默认导出（仅叶子哈希与非个人元数据）无需此权限。"
        )


def may_see_timeline(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active
